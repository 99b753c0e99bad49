-- The staff's scenario wall (labs.ScenarioWall) reads each trainee's latest lab of a challenge:
-- by challenge, then trainee, newest first.
create index lab_instance_challenge_idx on lab_instance (challenge_slug, trainee_id, id desc);

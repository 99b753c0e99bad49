-- Lab tunnels (labs.LabTunnels) hand out one-time tickets from the same table as lab web links;
-- a ticket opens only what it was issued for, so a tunnel ticket is never a web link and the
-- other way round.
alter table lab_web_ticket add column purpose varchar(16) not null default 'web';

-- The service instance that admitted a lab and starts it (its presence key, see
-- cluster.ClusterMembership): reconcile leaves alone the labs another live instance is starting.
alter table lab_instance add column starter integer;

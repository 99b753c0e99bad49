-- Live events shared by the service instances (cluster.LiveFeed): ids are handed out in commit
-- order (publishers hold an advisory lock until commit), so readers go by id without gaps.
create table live_event (
    id          bigserial primary key,
    topic       varchar(32)  not null,
    origin      varchar(36)  not null,
    payload     text         not null,
    created_at  timestamptz  not null default now()
);
create index live_event_created_idx on live_event (created_at);

-- Token buckets shared by every instance (submission rate per trainee), on the database's clock.
create table rate_bucket (
    scope       varchar(32)      not null,
    key         bigint           not null,
    tokens      double precision not null,
    updated_at  timestamptz      not null,
    primary key (scope, key)
);

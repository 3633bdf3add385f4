-- Each subscription carries a version, its ETag: every change to the row (an owner's PATCH, pause or resume, a secret
-- rotation, the notifier marking an endpoint failing, healthy or disabled) adds one, so a write with If-Match is
-- refused when anything changed since the client read it. Existing rows start at 1, as new ones do.
alter table subscription add column version bigint not null default 1;

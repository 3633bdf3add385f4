-- An EMAIL subscription names one recipient address instead of a URL; WEBHOOK and MASTODON keep their URL. Exactly
-- one of the two, so a row can never send to a URL and an address at once.
alter table subscription
    add column address text,
    alter column url drop not null;
alter table subscription
    add constraint subscription_one_destination check (
        (channel = 'EMAIL' and address is not null and url is null)
        or (channel <> 'EMAIL' and address is null and url is not null));

-- The feed announces published reviews too: kind tells a release from a review, link is the review's URL, note its
-- summary. A review has no model, parameter count or access level.
alter table feed_entry
    add column kind text not null default 'RELEASE',
    add column link text,
    alter column model drop not null,
    alter column parameters drop not null,
    alter column access drop not null;

-- An entry's signed bytes as JSON, failing on bytes that are not (unlike leaf_json). Plain SQL, so PostgreSQL
-- inlines it and may compare the columns with the signed bytes in parallel workers, which leaf_json's exception
-- handler forbids; verification falls back to leaf_json only when some stored bytes are not JSON.
create function leaf_json_or_fail(bytes bytea) returns jsonb language sql immutable parallel safe as $$
    select convert_from(bytes, 'UTF8')::jsonb
$$;

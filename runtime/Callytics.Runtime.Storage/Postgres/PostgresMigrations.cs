namespace Callytics.Runtime.Storage.Postgres;

/// <summary>
/// The schema, as numbered steps. A step is never edited once released: changes go in a new step,
/// so every database reaches the same schema whatever version it started from.
/// </summary>
internal static class PostgresMigrations
{
    public sealed record Migration(int Version, string Name, string Sql);

    public static readonly IReadOnlyList<Migration> All =
    [
        new(1, "operators, queues, callbacks, voicemail", """
            CREATE TABLE operators (
                id text PRIMARY KEY,
                name text NOT NULL,
                pin_hash text NOT NULL,
                failed_attempts integer NOT NULL DEFAULT 0,
                locked_until timestamptz,
                created_at timestamptz NOT NULL);
            CREATE TABLE queues (
                id text PRIMARY KEY,
                name text NOT NULL);
            CREATE TABLE queue_members (
                queue_id text NOT NULL REFERENCES queues(id) ON DELETE CASCADE,
                operator_id text NOT NULL REFERENCES operators(id) ON DELETE CASCADE,
                PRIMARY KEY (queue_id, operator_id));
            CREATE TABLE callbacks (
                id uuid PRIMARY KEY,
                number text NOT NULL,
                queue_id text,
                caller_id text,
                flow_id text,
                requested_at timestamptz NOT NULL,
                status text NOT NULL CHECK (status IN ('pending', 'calling', 'done', 'failed')),
                assigned_to text,
                calling_since timestamptz,
                finished_at timestamptz,
                note text);
            CREATE INDEX callbacks_by_status ON callbacks (status, requested_at);
            CREATE TABLE voicemails (
                id uuid PRIMARY KEY,
                mailbox text NOT NULL,
                caller_id text NOT NULL,
                received_at timestamptz NOT NULL,
                duration_seconds integer NOT NULL CHECK (duration_seconds >= 0),
                file text NOT NULL,
                heard boolean NOT NULL DEFAULT false);
            CREATE INDEX voicemails_by_mailbox ON voicemails (mailbox, received_at);
            """),
        new(2, "flows and published versions", """
            CREATE TABLE flows (
                id text PRIMARY KEY,
                draft_semantic_json text,
                draft_layout_json text,
                draft_saved_at timestamptz,
                draft_saved_by text);
            CREATE TABLE flow_versions (
                flow_id text NOT NULL REFERENCES flows(id),
                version integer NOT NULL CHECK (version > 0),
                semantic_json text NOT NULL,
                layout_json text,
                generated_csharp text NOT NULL,
                assembly bytea NOT NULL,
                assembly_sha256 text NOT NULL,
                manifest_json text NOT NULL,
                published_by text NOT NULL,
                published_at timestamptz NOT NULL,
                message text,
                CONSTRAINT flow_versions_flow_version_unique UNIQUE (flow_id, version));
            """),
        new(3, "callbacks: liveness of the running return call", """
            ALTER TABLE callbacks ADD COLUMN alive_at timestamptz;
            """),
        new(4, "flows: draft revisions", """
            ALTER TABLE flows ADD COLUMN draft_revision bigint NOT NULL DEFAULT 0;
            """),
        new(5, "flow test scenarios", """
            CREATE TABLE flow_scenarios (
                flow_id text PRIMARY KEY,
                scenarios_json text NOT NULL,
                saved_at timestamptz NOT NULL,
                saved_by text,
                revision bigint NOT NULL);
            """),
        new(6, "inbound routes", """
            CREATE TABLE inbound_routes (
                number text PRIMARY KEY,
                flow_id text NOT NULL);
            """),
    ];
}

package org.releasegovernance.governance.release;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.releasegovernance.events.GovernanceEvent;
import org.releasegovernance.events.ReleaseRegistered;
import org.releasegovernance.events.StageEvent;
import org.releasegovernance.events.StageHalted;
import org.releasegovernance.events.StageProposed;
import org.releasegovernance.events.StageResumed;
import org.releasegovernance.events.state.StageStatus;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The query projection behind {@code GET /api/releases}: one row per release and per stage. It is a subscribing
 * processor, so it is updated in the same transaction as the command's events and a list read right after a
 * decision shows it.
 */
@Component
@ProcessingGroup(ReleaseSummaries.PROCESSING_GROUP)
class ReleaseSummaries {

    static final String PROCESSING_GROUP = "release-summaries";

    private final NamedParameterJdbcTemplate jdbc;

    ReleaseSummaries(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One release in the list. */
    record ReleaseSummary(String releaseId, String model, String registeredBy, Instant registeredAt, long version,
                          int stages, int released, int halted) {
    }

    @EventHandler
    void on(GovernanceEvent event, @SequenceNumber Long sequence, @org.axonframework.eventhandling.Timestamp
            Instant at) {
        MapSqlParameterSource params = new MapSqlParameterSource("releaseId", event.releaseId())
                .addValue("version", sequence);
        if (event instanceof ReleaseRegistered e) {
            jdbc.update("insert into release_summary (release_id, model, registered_by, registered_at, version) "
                    + "values (:releaseId, :model, :actor, :at, :version) on conflict (release_id) do nothing",
                    params.addValue("model", e.model()).addValue("actor", e.actor())
                            .addValue("at", Timestamp.from(at)));
            return;
        }
        jdbc.update("update release_summary set version = :version where release_id = :releaseId", params);
        if (event instanceof StageProposed e) {
            jdbc.update("insert into stage_summary (release_id, stage_id, access, status, halted) "
                    + "values (:releaseId, :stageId, :access, :status, false) "
                    + "on conflict (release_id, stage_id) do nothing",
                    params.addValue("stageId", e.stageId()).addValue("access", e.access().name())
                            .addValue("status", StageStatus.PROPOSED.name()));
        } else if (event instanceof StageEvent e) {
            Optional<StageStatus> status = StageStatus.after(e);
            if (status.isPresent()) {
                jdbc.update("update stage_summary set status = :status where release_id = :releaseId "
                        + "and stage_id = :stageId", params.addValue("stageId", e.stageId())
                        .addValue("status", status.get().name()));
            } else if (e instanceof StageHalted || e instanceof StageResumed) {
                jdbc.update("update stage_summary set halted = :halted where release_id = :releaseId "
                        + "and stage_id = :stageId", params.addValue("stageId", e.stageId())
                        .addValue("halted", e instanceof StageHalted));
            }
        }
    }

    List<ReleaseSummary> find(String model, String stageStatus, Boolean halted, int limit, int offset) {
        List<String> conditions = new ArrayList<>();
        MapSqlParameterSource params = new MapSqlParameterSource("limit", limit).addValue("offset", offset)
                .addValue("released", StageStatus.RELEASED.name());
        if (model != null && !model.isBlank()) {
            conditions.add("lower(r.model) like :model");
            params.addValue("model", "%" + model.toLowerCase().replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (stageStatus != null && !stageStatus.isBlank()) {
            conditions.add("exists (select 1 from stage_summary s2 where s2.release_id = r.release_id "
                    + "and s2.status = :stageStatus)");
            params.addValue("stageStatus", stageStatus.toUpperCase());
        }
        if (halted != null) {
            conditions.add((halted ? "" : "not ") + "exists (select 1 from stage_summary s3 "
                    + "where s3.release_id = r.release_id and s3.halted)");
        }
        String where = conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
        return jdbc.query("select r.release_id, r.model, r.registered_by, r.registered_at, r.version, "
                        + "count(s.stage_id) as stages, count(s.stage_id) filter (where s.status = :released) "
                        + "as released, count(s.stage_id) filter (where s.halted) as halted "
                        + "from release_summary r left join stage_summary s on s.release_id = r.release_id"
                        + where + " group by r.release_id order by r.registered_at, r.release_id "
                        + "limit :limit offset :offset", params,
                (row, i) -> new ReleaseSummary(row.getString("release_id"), row.getString("model"),
                        row.getString("registered_by"), row.getTimestamp("registered_at").toInstant(),
                        row.getLong("version"), row.getInt("stages"), row.getInt("released"), row.getInt("halted")));
    }
}

package org.releasegovernance.audit.log;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Where log tables come from: the one live log, and a fresh table per replay. */
@Component
public class LogTables {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnly;
    private final LogTable live;

    LogTables(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.live = LogTable.live(jdbc, readOnly);
    }

    public LogTable live() {
        return live;
    }

    /** Creates the empty table replay {@code id} rebuilds the log into. */
    public LogTable createReplay(long id) {
        return LogTable.createReplay(jdbc, readOnly, id);
    }
}

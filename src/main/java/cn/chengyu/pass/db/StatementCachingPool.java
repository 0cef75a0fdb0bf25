package cn.chengyu.pass.db;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgPool;
import io.vertx.sqlclient.Pool;
import jakarta.inject.Singleton;

/**
 * The reactive pool as Quarkus configures it, with room for longer statements in each connection's
 * prepared statement cache. The client caches statements of up to 2,048 characters by default and has
 * PostgreSQL parse and plan every longer one on each run: the admission statement of a gate scan is
 * longer, and cost scans a third of their throughput that way (bench/gate-ab.sh).
 */
@Singleton
public class StatementCachingPool implements PgPoolCreator {

    /** The longest statement (in characters) a connection keeps prepared; {@link NamedSql} refuses longer ones. */
    public static final int CACHED_SQL_LIMIT = 8192;

    @Override
    @SuppressWarnings("deprecation") // Quarkus' own pool is a PgPool: the bean it makes is one
    public Pool create(Input input) {
        input.pgConnectOptionsList().forEach(options -> options.setPreparedStatementCacheSqlLimit(CACHED_SQL_LIMIT));
        return PgPool.pool(input.vertx(), input.pgConnectOptionsList(), input.poolOptions());
    }
}

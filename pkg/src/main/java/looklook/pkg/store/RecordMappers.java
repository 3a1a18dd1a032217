package looklook.pkg.store;

import java.lang.reflect.Type;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.generic.GenericTypes;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.RowMapperFactory;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Maps rows to records through their constructors, columns to parameters by name, as Jdbi's
 * {@link ConstructorMapper} does; but where that matches the names again for every query, this keeps
 * the match per list of columns, so a statement's rows are matched once per process. The matching was
 * most of a query's client CPU for a wide row (the order's 29 columns: some 67 of 116 us).
 *
 * <p>A match reads columns by position with the column mappers of the Jdbi's configuration; no
 * statement here registers mappers of its own, so one match serves every statement of that shape.
 */
final class RecordMappers implements RowMapperFactory {
    /** Column lists kept per record: a few statements each (our SQL is fixed text, never built per call). */
    private static final int MAX_SHAPES = 64;
    private final Map<Class<?>, RowMapper<?>> byRecord = new ConcurrentHashMap<>();

    @Override
    public Optional<RowMapper<?>> build(Type type, ConfigRegistry config) {
        Class<?> raw = GenericTypes.getErasedType(type);
        if (!raw.isRecord()) {
            return Optional.empty();
        }
        return Optional.of(byRecord.computeIfAbsent(raw, r -> new MatchedOnce<>(ConstructorMapper.of(r))));
    }

    /** The constructor mapper's match for each list of column labels it has seen. */
    private static final class MatchedOnce<T> implements RowMapper<T> {
        private final RowMapper<T> constructor;
        private final Map<List<String>, RowMapper<T>> byColumns = new ConcurrentHashMap<>();

        MatchedOnce(RowMapper<T> constructor) {
            this.constructor = constructor;
        }

        @Override
        public T map(ResultSet rs, StatementContext ctx) throws SQLException {
            return specialize(rs, ctx).map(rs, ctx);
        }

        @Override
        public RowMapper<T> specialize(ResultSet rs, StatementContext ctx) throws SQLException {
            ResultSetMetaData md = rs.getMetaData();
            String[] labels = new String[md.getColumnCount()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = md.getColumnLabel(i + 1);
            }
            List<String> columns = Arrays.asList(labels);
            RowMapper<T> matched = byColumns.get(columns);
            if (matched == null) {
                matched = constructor.specialize(rs, ctx);
                if (byColumns.size() < MAX_SHAPES) {
                    byColumns.put(columns, matched);
                }
            }
            return matched;
        }
    }
}

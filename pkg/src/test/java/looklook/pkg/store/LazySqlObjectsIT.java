package looklook.pkg.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import looklook.pkg.conf.DbConf;
import looklook.pkg.testing.TestInfra;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.RowMapperFactory;
import org.jdbi.v3.core.statement.StatementException;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A model attached through {@link DataSources#jdbi} works as Jdbi's SqlObject, and prepares only the methods called. */
class LazySqlObjectsIT {
    private static MysqlDsn dsn;
    private static HikariDataSource ds;

    public record Pet(long id, String name) {
    }

    public record Toy(long id, String label) {
    }

    interface PetModel {
        @SqlUpdate("INSERT INTO pet (id, name) VALUES (:id, :name)")
        int insert(long id, String name);

        @SqlQuery("SELECT id, name FROM pet WHERE id = :id")
        Optional<Pet> find(long id);

        @SqlQuery("SELECT id, name AS label FROM pet WHERE id < 10 ORDER BY id")
        List<Toy> toys();
    }

    /** Remembers every type a row mapper was looked up for, and leaves the mapping to the next factory. */
    static final class MapperLookups implements RowMapperFactory {
        final Set<Type> asked = ConcurrentHashMap.newKeySet();

        @Override
        public Optional<RowMapper<?>> build(Type type, ConfigRegistry config) {
            asked.add(type);
            return Optional.empty();
        }
    }

    @BeforeAll
    static void database() {
        dsn = TestInfra.freshDatabase("looklook_lazy");
        ds = DataSources.open(new DbConf(dsn.goDsn(), 2, 5_000L), "lazy-test", new SimpleMeterRegistry());
        Jdbi.create(ds).useHandle(h -> h.execute("CREATE TABLE pet (id BIGINT PRIMARY KEY, name VARCHAR(32) NOT NULL)"));
    }

    @AfterAll
    static void drop() {
        ds.close();
        DataSources.dropDatabase(dsn);
    }

    @Test
    void anAttachedModel_runsItsStatements_andPreparesOnlyTheMethodsCalled() {
        Jdbi jdbi = DataSources.jdbi(ds, PetModel.class);
        MapperLookups lookups = new MapperLookups();
        jdbi.registerRowMapper(lookups);

        Optional<Pet> found = jdbi.withHandle(h -> {
            PetModel m = h.attach(PetModel.class);
            assertThat(m.insert(1, "rex")).isEqualTo(1);
            assertThat(m.insert(2, "tom")).as("a method called twice").isEqualTo(1);
            return m.find(1);
        });

        assertThat(found).contains(new Pet(1, "rex"));
        assertThat(lookups.asked).as("the mapper of a method never called is never looked up")
                .contains(Pet.class).doesNotContain(Toy.class);
        assertThat(jdbi.withExtension(PetModel.class, PetModel::toys)).containsExactly(new Toy(1, "rex"), new Toy(2, "tom"));
        assertThat(lookups.asked).contains(Toy.class);
    }

    @Test
    void jdbisOwnAttach_looksUpTheMappersOfEveryMethod() {
        // the reason for LazySqlObjects: when this fails, Jdbi attaches lazily itself and the class can go
        Jdbi plain = Jdbi.create(ds).installPlugin(new SqlObjectPlugin()).registerRowMapper(new RecordMappers());
        MapperLookups lookups = new MapperLookups();
        plain.registerRowMapper(lookups);

        plain.useExtension(PetModel.class, m -> m.find(-1));

        assertThat(lookups.asked).contains(Pet.class, Toy.class);
    }

    @Test
    void aFailingStatement_failsAsInJdbi_andTheTransactionRollsBack() {
        Jdbi jdbi = DataSources.jdbi(ds, PetModel.class);
        jdbi.useExtension(PetModel.class, m -> m.insert(10, "first"));

        assertThatThrownBy(() -> jdbi.useTransaction(h -> {
            PetModel m = h.attach(PetModel.class);
            m.insert(11, "rolled back");
            m.insert(10, "duplicate key");
        })).isInstanceOf(StatementException.class).hasMessageContaining("INSERT INTO pet");

        Optional<Pet> rolledBack = jdbi.withExtension(PetModel.class, m -> m.find(11));
        Optional<Pet> kept = jdbi.withExtension(PetModel.class, m -> m.find(10));
        assertThat(rolledBack).isEmpty();
        assertThat(kept).contains(new Pet(10, "first"));
    }

    @Test
    void theAttachedObject_answersObjectsMethodsByIdentity() {
        Jdbi jdbi = DataSources.jdbi(ds, PetModel.class);
        jdbi.useHandle(h -> {
            PetModel a = h.attach(PetModel.class);
            PetModel b = h.attach(PetModel.class);
            assertThat(a).isEqualTo(a).isNotEqualTo(b);
            assertThat(a.hashCode()).isEqualTo(System.identityHashCode(a));
            assertThat(a.toString()).contains(PetModel.class.getName());
        });
    }
}

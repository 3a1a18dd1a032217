package looklook.pkg.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MysqlDsnTest {
    @Test
    void parse_goZeroForm() {
        MysqlDsn d = MysqlDsn.parse("root:PXDN93VRKUm8TeE7@tcp(mysql:3306)/looklook_order?charset=utf8mb4&parseTime=true&loc=Asia%2FShanghai");
        assertThat(d).isEqualTo(new MysqlDsn("root", "PXDN93VRKUm8TeE7", "mysql:3306", "looklook_order"));
        assertThat(d.jdbcUrl()).startsWith("jdbc:mysql://mysql:3306/looklook_order?").contains("connectionTimeZone=UTC");
    }

    @Test
    void parse_jdbcForm() {
        MysqlDsn d = MysqlDsn.parse("jdbc:mysql://127.0.0.1:13306/looklook_payment?user=looklook&password=a%26b");
        assertThat(d).isEqualTo(new MysqlDsn("looklook", "a&b", "127.0.0.1:13306", "looklook_payment"));
    }

    @Test
    void parse_roundTripsThroughGoForm() {
        MysqlDsn d = new MysqlDsn("u", "p:w", "127.0.0.1:1", "db_1");
        assertThat(MysqlDsn.parse(d.goDsn())).isEqualTo(d);
    }

    @Test
    void parse_garbageNamesTheKeyAndHidesThePassword() {
        assertThatThrownBy(() -> MysqlDsn.parse("root:secret@127.0.0.1/db"))
                .hasMessageContaining("DB.DataSource")
                .hasMessageNotContaining("secret");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "tls={0} -> sslMode={1}")
    @org.junit.jupiter.params.provider.CsvSource({"true, VERIFY_IDENTITY", "skip-verify, REQUIRED", "preferred, PREFERRED",
        "false, DISABLED"})
    void goTls_becomesConnectorJsSslMode(String tls, String sslMode) {
        MysqlDsn d = MysqlDsn.parse("u:p@tcp(db:3306)/looklook_order?charset=utf8mb4&tls=" + tls);
        assertThat(d.sslMode()).isEqualTo(sslMode);
        assertThat(d.jdbcUrl()).contains("sslMode=" + sslMode).doesNotContain("useSSL");
        assertThat(MysqlDsn.parse(d.goDsn())).isEqualTo(d);
    }

    @Test
    void noTls_isDisabled_andPublicKeyRetrievalIsNotForced() {
        MysqlDsn d = MysqlDsn.parse("u:p@tcp(db:3306)/looklook_order?charset=utf8mb4");
        assertThat(d.jdbcUrl()).contains("sslMode=DISABLED").doesNotContain("allowPublicKeyRetrieval");
        MysqlDsn asked = MysqlDsn.parse("u:p@tcp(db:3306)/looklook_order?allowPublicKeyRetrieval=true");
        assertThat(asked.jdbcUrl()).contains("allowPublicKeyRetrieval=true");
        assertThat(MysqlDsn.parse("jdbc:mysql://db:3306/x?user=u&sslMode=verify_ca").sslMode()).isEqualTo("VERIFY_CA");
    }

    @Test
    void unknownTls_failsNamingIt() {
        assertThatThrownBy(() -> MysqlDsn.parse("u:p@tcp(db:3306)/d?tls=custom")).hasMessageContaining("tls=custom");
    }
}

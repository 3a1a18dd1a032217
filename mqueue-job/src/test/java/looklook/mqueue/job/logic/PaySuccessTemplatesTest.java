package looklook.mqueue.job.logic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.List;
import looklook.pkg.testing.TestInfra;
import org.junit.jupiter.api.Test;

/**
 * Our templates and the simulator's are written twice (our code, etc/sandbox.yaml): they must
 * name the same keywords in the same order, or the simulator would judge messages WeChat never gets.
 */
class PaySuccessTemplatesTest {
    @Test
    void keywords_areTheOnesTheSimulatorsTemplatesHave() throws Exception {
        JsonNode templates = new ObjectMapper(new YAMLFactory())
                .readTree(TestInfra.repoRoot().resolve("etc/sandbox.yaml").toFile())
                .path("MiniProgram").path("Templates");
        assertThat(templates.size()).isEqualTo(2);
        assertThat(keys(templates.get(0))).containsExactlyElementsOf(PaySuccessTemplates.ORDER_PAID.types().keySet());
        assertThat(keys(templates.get(1))).containsExactlyElementsOf(PaySuccessTemplates.CHECK_IN.types().keySet());
        assertThat(templates.get(0).path("Id").asText()).contains("LOOKLOOK_WX_TPL_ORDER_PAID");
        assertThat(templates.get(1).path("Id").asText()).contains("LOOKLOOK_WX_TPL_CHECK_IN");
    }

    private static List<String> keys(JsonNode template) {
        List<String> keys = new ArrayList<>();
        template.path("Keywords").fieldNames().forEachRemaining(keys::add);
        return keys;
    }
}

package looklook.e2e;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every whole-mesh test class holds: the mesh it started (under its own temporary folder), a
 * mini program to drive it and a view of its state; the mesh stops after the class.
 */
abstract class MeshTestBase {
    @TempDir
    static Path tmp;
    static TestMesh mesh;
    static MiniProgram app;
    static MeshState state;

    /** Starts the mesh with {@code o}; call from the class's {@code @BeforeAll}. */
    static void startMesh(TestMesh.Options o) throws Exception {
        mesh = TestMesh.start(tmp, o);
        app = new MiniProgram(mesh);
        state = new MeshState(mesh);
    }

    @AfterAll
    static void stopMesh() {
        if (mesh != null) {
            mesh.close();
            mesh = null;
        }
    }
}

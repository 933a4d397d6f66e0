package zhinan.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.painless.PainlessPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * Starts one OpenSearch node inside this JVM, for tests and development only.
 *
 * <p>A distribution loads transport-netty4, analysis-common and lang-painless from its modules/
 * folder; only their jars are on Maven Central, so this launcher puts them on the classpath and
 * hands their plugin classes to {@link Node}'s protected constructor (the way OpenSearch's own
 * test framework starts nodes). There is no security plugin: the node listens on loopback only.
 *
 * <p>Usage: {@code java -jar zhinan-engine.jar --home DIR [--port 9200] [--cluster-name NAME]}.
 * DIR holds data/ and logs/ and is meant to be thrown away; SIGTERM closes the node cleanly.
 */
public final class Launcher {

    /** The modules a distribution would load; the node has nothing else. */
    static final List<Class<? extends Plugin>> PLUGINS =
            List.of(Netty4Plugin.class, CommonAnalysisPlugin.class, PainlessPlugin.class);

    private Launcher() {}

    /** Opens Node's classpath-plugin constructor, which is protected. */
    private static final class EmbeddedNode extends Node {
        EmbeddedNode(Environment environment) {
            super(environment, PLUGINS, true);
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parseOptions(args);
        String home = options.get("home");
        if (home == null || home.isBlank()) {
            System.err.println("usage: Launcher --home DIR [--port 9200] [--cluster-name NAME]");
            System.exit(2);
        }
        Path homePath = Path.of(home).toAbsolutePath();
        Settings settings = nodeSettings(
                homePath,
                options.getOrDefault("port", "9200"),
                options.getOrDefault("cluster-name", "zhinan-test"));
        // PluginsService lists modules/ and plugins/ even when every plugin is on the classpath.
        for (String folder : List.of("data", "logs", "modules", "plugins", "config")) {
            Files.createDirectories(homePath.resolve(folder));
        }

        Environment environment = InternalSettingsPreparer.prepareEnvironment(
                settings, Collections.emptyMap(), null, () -> settings.get("node.name"));
        Node node = new EmbeddedNode(environment);
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> close(node, closed), "zhinan-engine-shutdown"));
        try {
            node.start();
        } catch (Exception e) {
            // The node's threads are not daemons: without an exit a node that could not bind its
            // port would hang here instead of failing, and the start script would wait for nothing.
            LogManager.getLogger(Launcher.class).error("zhinan-engine: the node did not start", e);
            System.exit(1);
        }
        closed.await();
    }

    /**
     * The node's settings: loopback only, a single-node cluster (no discovery, yellow with one
     * copy), and no disk watermarks, so a nearly full test disk does not make indices read-only.
     */
    static Settings nodeSettings(Path home, String httpPort, String clusterName) {
        return Settings.builder()
                .put("cluster.name", clusterName)
                .put("node.name", "zhinan-engine")
                .put("path.home", home.toString())
                .put("path.data", home.resolve("data").toString())
                .put("path.logs", home.resolve("logs").toString())
                .put("network.host", "127.0.0.1")
                .put("http.port", httpPort)
                .put("transport.port", "9300-9399")
                .put("discovery.type", "single-node")
                .put("cluster.routing.allocation.disk.threshold_enabled", false)
                .put("action.auto_create_index", true)
                .build();
    }

    private static void close(Node node, CountDownLatch closed) {
        try {
            node.close();
            if (!node.awaitClose(30, TimeUnit.SECONDS)) {
                System.err.println("zhinan-engine: node did not close within 30 s");
            }
        } catch (IOException | InterruptedException e) {
            System.err.println("zhinan-engine: error while closing the node: " + e);
        } finally {
            // log4j's own shutdown hook is off (log4j2.properties) so the node can log its close.
            Configurator.shutdown((LoggerContext) LogManager.getContext(false));
            closed.countDown();
        }
    }

    private static Map<String, String> parseOptions(String[] args) {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                System.err.println("zhinan-engine: expected --name value, got " + args[i]);
                System.exit(2);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }
}

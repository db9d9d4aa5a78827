package dev.needle.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The reference CNN trainer ({@code trainers/torch-classifier/serve.py}) as a WEBHOOK service beside the packaged
 * Needle, on a free port, logging to {@code trainer.log} in the run's data folder. Closing it (also from a shutdown
 * hook, so Ctrl-C or a failed run leaves no trainer behind) ends the process.
 */
final class ReferenceTrainer implements AutoCloseable {

    /** From the repository root (eval/run.sh) or from the eval module (its tests). */
    static Path folder() {
        Path here = Path.of("trainers/torch-classifier").toAbsolutePath();
        return Files.isDirectory(here) ? here : Path.of("../trainers/torch-classifier").toAbsolutePath().normalize();
    }

    private final Process process;
    private final int port;
    private final Path log;

    private ReferenceTrainer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static ReferenceTrainer start(String python, Path folder, Path logFolder) {
        Path serve = folder.resolve("serve.py").toAbsolutePath();
        if (!Files.isRegularFile(serve))
            throw new IllegalStateException("the reference trainer is missing: " + serve);
        int port = freePort();
        Path log = logFolder.resolve("trainer.log");
        try {
            Files.createDirectories(logFolder);
            Process process = new ProcessBuilder(python, serve.toString(), "--port", Integer.toString(port))
                    .directory(serve.getParent().toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
            ReferenceTrainer trainer = new ReferenceTrainer(process, port, log);
            trainer.awaitListening();
            return trainer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a project's {@code PUT …/trainer} names. */
    String url() {
        return "http://127.0.0.1:" + port + "/";
    }

    Path log() {
        return log;
    }

    /** Fails the run when the trainer has died, instead of letting rounds wait for their timeout. */
    void check() {
        if (!process.isAlive())
            throw new IllegalStateException("the reference trainer exited (" + process.exitValue() + "); see " + log);
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); // importing torch takes a few seconds
        while (System.nanoTime() < deadline) {
            check();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
                return;
            } catch (IOException e) {
                Pause.of(Duration.ofMillis(250));
            }
        }
        close();
        throw new IllegalStateException("the reference trainer did not listen within 60 s; see " + log);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The lines of {@code train.py} that set how the network trains (epochs, optimiser, batch, seed), quoted in the
     * report as they are rather than restated, so the report cannot drift from the trainer.
     */
    static List<String> settings(Path folder) {
        List<String> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(folder.resolve("train.py"))) {
                String s = line.strip();
                if (s.startsWith("epochs = ") || s.startsWith("optimizer = ") || s.startsWith("for start in range(")
                        || s.startsWith("torch.set_num_threads(") || s.startsWith("def train(run, seed="))
                    out.add(s);
            }
            for (String line : Files.readAllLines(folder.resolve("model.py"))) {
                String s = line.strip();
                if (s.startsWith("nn.Conv2d(") || s.startsWith("self.features = "))
                    out.add(s);
            }
        } catch (IOException e) {
            out.add("(train.py unreadable: " + e.getMessage() + ")");
        }
        return out;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

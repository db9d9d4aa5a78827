package dev.needle.web.trainer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The Kubernetes client on the application's own classpath (web's, which is what the packaged application ships):
 * it reads the Job template and writes the Job, as the KUBERNETES trainer does for every run. activities' tests run
 * the trainer on activities' classpath; this one guards the versions the application resolves. With Quarkus's
 * jackson-annotations 2.21 under the client's Jackson 3.2, writing a Job threw NoClassDefFoundError (JsonApplyView)
 * and no run could start.
 */
class KubernetesClientClasspathTest {

    @Test
    void givenTheShippedJobTemplate_theApplicationsKubernetesClientReadsAndWritesIt() throws IOException {
        KubernetesSerialization serialization = new KubernetesSerialization();
        Job job;
        try (InputStream template = Files.newInputStream(Path.of("../k8s/trainer-job.yaml"))) {
            job = serialization.unmarshal(template, Job.class);
        }
        job.getMetadata().setName("needle-train-r1");

        String written = serialization.asJson(job);

        assertTrue(written.contains("\"name\":\"needle-train-r1\""), written);
        assertTrue(written.contains("\"restartPolicy\":\"Never\""), written);
    }
}

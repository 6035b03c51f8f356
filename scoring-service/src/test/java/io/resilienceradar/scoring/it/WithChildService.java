package io.resilienceradar.scoring.it;

import io.resilienceradar.local.ServiceProcess;
import org.junit.jupiter.api.AfterEach;

/**
 * Base of the ITs that run one packaged service at a time as a child process ({@link ChildService}) and restart it
 * between steps: the run's topics, database and group, the process currently running, and stopping it after the test
 * whatever happened (a failing test must not leave a JVM on the shared machine).
 */
abstract class WithChildService {
    final ChildService child;
    ServiceProcess service;

    WithChildService(String prefix) {
        child = new ChildService(prefix);
    }

    @AfterEach
    void stopService() {
        if (service != null) {
            service.close();
        }
    }
}

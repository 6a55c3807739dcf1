package io.eventflow.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.events.core.EventPublicationRepository;

/**
 * Fails loudly when Spring Modulith changes under the outbox's workarounds, saying what to do, instead of letting
 * them stop working in silence (a mark no longer intercepted would cost a commit per listener; a retry that no
 * longer reads past the oldest batch would leave failures unretried).
 */
class ModulithInternalsTest {

    private static final String CHECKED_VERSION = "2.1.1";

    @Test
    void theRegistryStillHasTheMarksThatOutboxBookkeepingInterceptsByName() {
        Set<String> declared = Arrays.stream(EventPublicationRepository.class.getMethods()).map(Method::getName)
                .collect(Collectors.toSet());

        assertThat(declared)
                .as("Spring Modulith's EventPublicationRepository no longer declares every method OutboxBookkeeping "
                        + "intercepts by name (%s). Read the new repository, map each mark to its new method in "
                        + "OutboxBookkeeping.INTERCEPTED, and run OutboxRetryIT and OutboxStalenessIT", OutboxBookkeeping.INTERCEPTED)
                .containsAll(OutboxBookkeeping.INTERCEPTED);
    }

    @Test
    void theWorkaroundsWereCheckedAgainstTheSpringModulithOnTheClasspath() {
        String version = EventPublicationRepository.class.getPackage().getImplementationVersion();

        assertThat(version)
                .as("Spring Modulith is now %s; the classes in io.eventflow.platform.outbox were written against %s. "
                        + "Check each point of that package's package-info against the new version (is the workaround "
                        + "still needed? does it still hold?), run OutboxRetryIT, OutboxStalenessIT and bench/booking "
                        + "--only hot, then update CHECKED_VERSION here", version, CHECKED_VERSION)
                .isEqualTo(CHECKED_VERSION);
    }
}

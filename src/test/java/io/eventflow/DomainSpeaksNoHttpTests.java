package io.eventflow;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Controller;
import org.springframework.stereotype.Repository;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import io.eventflow.platform.domain.DomainException;
import io.eventflow.platform.web.ApiException;

/**
 * The modules' rules are said in the domain's words; HTTP is the business of the edges (controllers, the web pages,
 * the problem handler), which translate a {@link DomainException}'s kind into a status. Other edges — the WebSocket
 * handlers, the compatibility adapters — translate the same exceptions into their own answers.
 */
class DomainSpeaksNoHttpTests {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.eventflow");

    @Test
    void servicesFacadesPoliciesAndRepositoriesDoNotDependOnHttp() {
        noClasses().that().areAnnotatedWith(Service.class).or().areAnnotatedWith(Repository.class)
                .or().haveSimpleNameEndingWith("Service").or().haveSimpleNameEndingWith("Facade")
                .or().haveSimpleNameEndingWith("Policy").or().haveSimpleNameEndingWith("Repository")
                .or().areAssignableTo(DomainException.class)
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.http..", "jakarta.servlet..",
                        "org.springframework.web..", "io.eventflow.platform.web..")
                .because("a rule refused is a DomainException of a kind; the edge chooses the status")
                .check(MAIN);
    }

    @Test
    void onlyControllersAndTheProblemHandlerRaiseHttpProblems() {
        noClasses().that().areNotAnnotatedWith(RestController.class).and().areNotAnnotatedWith(Controller.class)
                .and().areNotAnnotatedWith(RestControllerAdvice.class).and().areNotAnnotatedWith(ControllerAdvice.class)
                .and().resideOutsideOfPackage("io.eventflow.platform.web..")
                .should().dependOnClassesThat().areAssignableTo(ApiException.class)
                .because("ApiException is for failures of the HTTP exchange itself, which only a controller sees")
                .check(MAIN);
    }
}

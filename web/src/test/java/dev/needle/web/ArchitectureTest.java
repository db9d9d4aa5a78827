package dev.needle.web;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

/**
 * One home for persistence: the domain services and repositories of {@code activities} own every write, every query
 * and every transaction; {@code web} only calls them. Each rule is one sentence of that, checked on the compiled
 * classes (tests excluded), so a shortcut back into the old shape fails the build by name.
 */
class ArchitectureTest {

    private static final String WEB = "dev.needle.web..";
    private static final String PANACHE_REPOSITORY = "io.quarkus.hibernate.orm.panache.PanacheRepositoryBase";
    /** Panache methods that take a query string: each would be HQL written in web. */
    private static final Set<String> QUERY_METHODS = Set.of("find", "list", "stream", "count", "update", "delete");

    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.needle");
    }

    /** A wrong package name or class path would let every rule pass on nothing. */
    @Test
    void theRulesSeeTheWholeApplication() {
        assertTrue(count("dev.needle.web") > 100, "web classes imported: " + count("dev.needle.web"));
        assertTrue(count("dev.needle.activities") > 150, "activities classes imported: " + count("dev.needle.activities"));
        assertTrue(count("dev.needle.workflows") > 50, "workflows classes imported: " + count("dev.needle.workflows"));
    }

    @Test
    void webWritesNoEntityField() {
        check(noClasses().that().resideInAPackage(WEB)
                .should().setFieldWhere(new DescribedPredicate<JavaFieldAccess>("a field of an @Entity class") {
                    @Override
                    public boolean test(JavaFieldAccess access) {
                        return access.getTargetOwner().isAnnotatedWith(jakarta.persistence.Entity.class);
                    }
                }));
    }

    @Test
    void webWritesNoQueryAndPersistsNothing() {
        check(noClasses().that().resideInAPackage(WEB)
                .should().callMethodWhere(new DescribedPredicate<JavaMethodCall>(
                        "a Panache query by string, persist*, delete*, flush or getEntityManager") {
                    @Override
                    public boolean test(JavaMethodCall call) {
                        if (!call.getTargetOwner().isAssignableTo(PANACHE_REPOSITORY))
                            return false;
                        String name = call.getName();
                        boolean byString = QUERY_METHODS.contains(name) && !call.getTarget().getRawParameterTypes().isEmpty()
                                && call.getTarget().getRawParameterTypes().get(0).isEquivalentTo(String.class);
                        return byString || name.startsWith("persist") || name.startsWith("delete") || name.equals("flush")
                                || name.equals("getEntityManager");
                    }
                }));
    }

    @Test
    void webHoldsNoEntityManagerOrSession() {
        check(noClasses().that().resideInAPackage(WEB)
                .should().dependOnClassesThat().haveFullyQualifiedName("jakarta.persistence.EntityManager")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("org.hibernate.Session"));
    }

    /** Activities are Temporal's to call; what web needs of them is a domain service or a repository. */
    @Test
    void webUsesNoActivityImplementation() {
        check(noClasses().that().resideInAPackage(WEB)
                .should().dependOnClassesThat().haveSimpleNameEndingWith("ActivitiesImpl"));
    }

    /** Transactions belong to the domain, so every Temporal call web makes is outside one. */
    @Test
    void webOpensNoTransaction() {
        check(noClasses().that().resideInAPackage(WEB)
                .should().dependOnClassesThat().haveFullyQualifiedName("jakarta.transaction.Transactional")
                .orShould().dependOnClassesThat()
                .haveFullyQualifiedName("io.quarkus.narayana.jta.QuarkusTransaction"));
    }

    @Test
    void dependenciesPointOneWay() {
        check(noClasses().that().resideInAnyPackage("dev.needle.activities..", "dev.needle.workflows..")
                .should().dependOnClassesThat().resideInAPackage(WEB));
    }

    private static void check(ArchRule rule) {
        rule.check(classes);
    }

    private static long count(String packagePrefix) {
        return classes.stream().filter(c -> c.getPackageName().startsWith(packagePrefix)).count();
    }
}

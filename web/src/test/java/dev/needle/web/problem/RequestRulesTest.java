package dev.needle.web.problem;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Field;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.MatrixParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jboss.resteasy.reactive.RestForm;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;

import dev.needle.web.assignment.AssignmentRequest;
import dev.needle.web.assignment.AssignmentViews;
import dev.needle.web.budget.BudgetViews;
import dev.needle.web.campaign.CampaignViews;
import dev.needle.web.dataset.RegisterDataset;
import dev.needle.web.iteration.Ahead;
import dev.needle.web.iteration.CancelRequest;
import dev.needle.web.iteration.KnownImport;
import dev.needle.web.iteration.StartIteration;
import dev.needle.web.project.CreateProject;
import dev.needle.web.security.Routes;
import dev.needle.web.security.Routes.Route;
import dev.needle.web.trainer.CompletionReport;
import dev.needle.web.trainer.TrainerSetting;

/**
 * The rules of the request records, read from the code itself so that a new route or field cannot slip by: every JSON
 * body of the API (found in Quarkus REST's routing table) is a record validated on the way in, each of its fields has
 * a rule, and every length limit is the length of the column the value ends up in, read from the database.
 */
@QuarkusTest
class RequestRulesTest {

    /** JSON bodies read otherwise, and why. */
    private static final Map<Class<?>, String> READ_OTHERWISE = Map.of(
            String.class, "the engine reads its body as a tree, field by field, refusing unknown fields (EngineResource)",
            byte[].class, "a labeling tool's event, read by the format's own reader (labelstudio)",
            InputStream.class, "an upload read as it streams in, capped, by its own strict reader: a label batch "
                    + "(iteration/LabelUploads) or a labeling tool's file (formats/*)");
    /** Fields any value of their type suits. */
    private static final Set<String> ANY_VALUE = Set.of("StartIteration.seed");
    /** Parts of a request the domain checks field by field, as they are shared with other readers. */
    private static final Set<String> DOMAIN_CHECKED = Set.of("CreateProject.embedder", "CompletionReport.model");
    /** Prefixes a stored reason gets: a user name (at most 255 characters in Keycloak) and a few words. */
    private static final int REASON_ROOM = 300;

    @Inject
    AgroalDataSource database;

    @Test
    void everyJsonBodyIsARecordValidatedOnTheWayIn_andEachOfItsFieldsHasARule() {
        List<String> problems = new ArrayList<>();
        Set<Class<?>> checked = new TreeSet<>(Comparator.comparing(Class::getName));
        for (Route route : Routes.ofRunningApplication()) {
            if (!route.isApi() || !Set.of("POST", "PUT", "PATCH").contains(route.method()))
                continue;
            Parameter body = Arrays.stream(route.target().getParameters()).filter(RequestRulesTest::isBody)
                    .findFirst().orElse(null);
            if (body == null)
                continue;
            if (route.consumes().isEmpty()) {
                problems.add(route.key() + " takes a body but declares no @Consumes");
                continue;
            }
            if (route.consumes().stream().noneMatch(t -> t.isCompatible(MediaType.APPLICATION_JSON_TYPE))
                    || READ_OTHERWISE.containsKey(body.getType()))
                continue;
            if (!body.getType().isRecord())
                problems.add(route.key() + " reads its JSON body as " + body.getType().getSimpleName() + ", not a record");
            else if (!body.isAnnotationPresent(Valid.class))
                problems.add(route.key() + " does not validate its body (@Valid)");
            else
                rules(body.getType(), checked, problems);
        }
        assertTrue(checked.size() >= 10, "found the request records: " + checked);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** Each String field's longest value is its column's length; a column made shorter fails here, not with a 500. */
    @Test
    void everyLengthLimitIsTheLengthOfItsColumn() throws Exception {
        List<String> problems = new ArrayList<>();
        // request field (a list's or map's elements: [] and [key]) → the columns its value is stored in
        Map<String, List<String>> stored = Map.ofEntries(
                Map.entry("CreateProject.name", List.of("project.name")),
                Map.entry("CreateProject.classes[]", List.of("label.class_name", "sample.eval_class")),
                Map.entry("CreateProject.taskType", List.of("project.task_type")),
                Map.entry("RegisterDataset.name", List.of("dataset.name")),
                Map.entry("RegisterDataset.folder", List.of("dataset.root")),
                Map.entry("StartIteration.strategy", List.of("iteration.strategy")),
                Map.entry("StartIteration.scorer", List.of("iteration.scorer")),
                Map.entry("StartIteration.dataset", List.of("dataset.name")),
                Map.entry("StartIteration.deadlinePolicy", List.of("iteration.deadline_policy")),
                Map.entry("StartIteration.trainer", List.of("iteration.trainer")),
                Map.entry("AssignmentRequest.mode", List.of("assignment_plan.mode")),
                Map.entry("AssignmentRequest.annotators[]", List.of("assignment.annotator")),
                Map.entry("AssignmentRequest.capacity[key]", List.of("assignment.annotator")),
                Map.entry("Reassign.files[]", List.of("sample.path")),
                Map.entry("Reassign.to", List.of("assignment.annotator")),
                Map.entry("SetBudget.currency", List.of("budget.currency", "ledger_entry.currency")),
                Map.entry("SetBudget.overrunPolicy", List.of("budget.overrun_policy")),
                Map.entry("Adjustment.reason", List.of("ledger_entry.reason")),
                Map.entry("TrainerSetting.trainer", List.of("project.trainer")),
                Map.entry("TrainerSetting.url", List.of("project.trainer_url")),
                Map.entry("CompletionReport.modelVersion", List.of("trainer_run.model_version", "model_version.version")),
                Map.entry("CompletionReport.artifactUri", List.of("trainer_run.artifact_uri")));
        Map<String, Class<?>> records = Map.of("CreateProject", CreateProject.class, "RegisterDataset",
                RegisterDataset.class, "StartIteration", StartIteration.class, "AssignmentRequest",
                AssignmentRequest.class, "Reassign", AssignmentViews.Reassign.class, "SetBudget",
                BudgetViews.SetBudget.class, "Adjustment", BudgetViews.Adjustment.class, "TrainerSetting",
                TrainerSetting.class, "CompletionReport", CompletionReport.class);
        try (Connection connection = database.getConnection()) {
            DatabaseMetaData columns = connection.getMetaData();
            stored.forEach((field, targets) -> {
                // Record.component, Record.component[] (a list's elements) or Record.component[key] (a map's keys)
                String[] at = field.replace("]", "").split("[.\\[]", -1);
                AnnotatedElement limited = part(field(records.get(at[0]), at[1]), at.length > 2 ? at[2] : null);
                Size size = limited.getAnnotation(Size.class);
                for (String column : targets) {
                    int length = size(columns, column)[0];
                    if (size == null || size.max() != length)
                        problems.add(field + " allows " + (size == null ? "any length" : size.max()) + ", " + column
                                + " holds " + length);
                }
            });

            // Reasons are stored after who gave them; their limit leaves room for that.
            for (String column : List.of("iteration.status_reason", "iteration_event.detail", "campaign.stop_detail",
                    "campaign_event.detail")) {
                for (Class<?> type : List.of(CancelRequest.class, CampaignViews.Signal.class)) {
                    Size size = field(type, "reason").getAnnotation(Size.class);
                    int max = size == null ? Integer.MAX_VALUE - REASON_ROOM : size.max();
                    if (max + REASON_ROOM > size(columns, column)[0])
                        problems.add(type.getSimpleName() + ".reason (" + max + ") leaves too little room in " + column);
                }
            }
            // Reminders are stored comma-separated; the longest double in (0, 1) prints as 23 characters.
            Size listed = field(StartIteration.class, "reminders").getAnnotation(Size.class);
            int reminders = listed == null ? Integer.MAX_VALUE / 24 : listed.max();
            if (reminders * 24 - 1 > size(columns, "iteration.reminder_fractions")[0])
                problems.add(reminders + " reminders do not fit iteration.reminder_fractions");
            // Money has the ledger's precision and scale.
            for (String column : List.of("ledger_entry.amount", "label_cost.cost")) {
                int[] numeric = size(columns, column);
                for (Field money : List.of(field(BudgetViews.SetBudget.class, "amount"),
                        field(BudgetViews.SetCost.class, "cost"), field(BudgetViews.Adjustment.class, "amount"))) {
                    Digits digits = money.getAnnotation(Digits.class);
                    if (digits == null)
                        problems.add(money.getDeclaringClass().getSimpleName() + "." + money.getName() + " has no @Digits");
                    else if (digits.integer() + digits.fraction() > numeric[0] || digits.fraction() != numeric[1])
                        problems.add(money.getDeclaringClass().getSimpleName() + "." + money.getName() + " "
                                + digits.integer() + "+" + digits.fraction() + " digits, " + column + " numeric("
                                + numeric[0] + ", " + numeric[1] + ")");
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** The rules of one record and of the records it holds. */
    private static void rules(Class<?> type, Set<Class<?>> checked, List<String> problems) {
        if (!checked.add(type))
            return;
        for (RecordComponent component : type.getRecordComponents()) {
            String name = type.getSimpleName() + "." + component.getName();
            Field field = field(type, component.getName());
            Class<?> kind = component.getType();
            if (ANY_VALUE.contains(name) || DOMAIN_CHECKED.contains(name))
                continue;
            if (kind.isRecord() && kind.getPackageName().startsWith("dev.needle.web")) {
                if (!field.isAnnotationPresent(Valid.class))
                    problems.add(name + " holds a record it does not validate (@Valid)");
                rules(kind, checked, problems);
            } else if (List.class.isAssignableFrom(kind) || Map.class.isAssignableFrom(kind)) {
                AnnotatedType[] parts = ((AnnotatedParameterizedType) field.getAnnotatedType())
                        .getAnnotatedActualTypeArguments();
                for (AnnotatedType part : parts) {
                    String rule = rule((Class<?>) part.getType(), part);
                    if (rule != null)
                        problems.add(name + "'s " + (parts.length == 2 && part == parts[0] ? "keys" : "elements")
                                + " need " + rule);
                }
            } else {
                String rule = rule(kind, field);
                if (rule != null)
                    problems.add(name + " needs " + rule);
            }
        }
    }

    /** What a value of this type needs, or null when it has it. */
    private static String rule(Class<?> type, AnnotatedElement element) {
        if (type == String.class)
            return has(element, Size.class, Pattern.class) ? null : "a length (@Size or @Pattern)";
        if (type == Integer.class || type == Long.class)
            return has(element, Min.class, Max.class, Positive.class, KnownImport.class) ? null : "a range";
        if (type == Double.class)
            return has(element, DecimalMin.class, DecimalMax.class) ? null : "a range (@DecimalMin, @DecimalMax)";
        if (type == BigDecimal.class)
            return has(element, Digits.class) ? null : "the ledger's digits (@Digits)";
        if (type == Duration.class)
            return has(element, DurationMin.class) && has(element, DurationMax.class) ? null : "@DurationMin and @DurationMax";
        if (type == Instant.class)
            return has(element, Ahead.class) ? null : "a rule (@Ahead)";
        return "a rule for its type " + type.getSimpleName() + " (add one to this test)";
    }

    @SafeVarargs
    private static boolean has(AnnotatedElement element, Class<? extends Annotation>... any) {
        return Arrays.stream(any).anyMatch(element::isAnnotationPresent);
    }

    /** The method parameter JAX-RS fills from the body: the one no other annotation binds. */
    private static boolean isBody(Parameter parameter) {
        return Arrays.stream(parameter.getAnnotations()).map(Annotation::annotationType)
                .noneMatch(t -> Set.of(PathParam.class, QueryParam.class, HeaderParam.class, CookieParam.class,
                        MatrixParam.class, FormParam.class, RestForm.class, BeanParam.class, Context.class).contains(t)
                        || t.getPackageName().startsWith("org.jboss.resteasy.reactive"));
    }

    private static Field field(Class<?> type, String name) {
        try {
            return type.getDeclaredField(name);
        } catch (NoSuchFieldException e) {
            throw new AssertionError(type.getSimpleName() + " has no field " + name, e);
        }
    }

    /** The field itself, its list's elements ({@code ""}) or its map's keys ({@code "key"}). */
    private static AnnotatedElement part(Field field, String part) {
        if (part == null)
            return field;
        AnnotatedType[] arguments = ((AnnotatedParameterizedType) field.getAnnotatedType())
                .getAnnotatedActualTypeArguments();
        return part.equals("key") || arguments.length == 1 ? arguments[0] : arguments[1];
    }

    /** A column's length (or precision) and scale, from the database's own metadata. */
    private static int[] size(DatabaseMetaData metadata, String column) {
        String[] at = column.split("\\.");
        try {
            boolean upper = metadata.storesUpperCaseIdentifiers();
            try (ResultSet found = metadata.getColumns(null, null, upper ? at[0].toUpperCase() : at[0],
                    upper ? at[1].toUpperCase() : at[1])) {
                if (!found.next())
                    throw new AssertionError("no column " + column);
                return new int[] { found.getInt("COLUMN_SIZE"), found.getInt("DECIMAL_DIGITS") };
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}

package dev.needle.workflows.messages.values;

/** Whether the project's remaining budget can pay for the campaign's next batch, and if not, why. */
public record BudgetCheck(boolean exhausted, String detail) {
}

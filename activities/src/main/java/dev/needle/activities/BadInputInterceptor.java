package dev.needle.activities;

import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;

import dev.needle.workflows.Errors;

/**
 * Turns {@link BadInputException} from any activity into a non-retryable failure: retrying a request that can never
 * succeed only delays the error the user needs to see.
 */
public class BadInputInterceptor extends WorkerInterceptorBase {

    @Override
    public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
        return new ActivityInboundCallsInterceptorBase(next) {
            @Override
            public ActivityOutput execute(ActivityInput input) {
                try {
                    return super.execute(input);
                } catch (BadInputException e) {
                    throw Errors.BAD_INPUT.failure(e.field(), e.getMessage());
                }
            }
        };
    }
}

package dev.needle.activities;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;

import jakarta.persistence.PersistenceException;

import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.ConstraintViolationException.ConstraintKind;
import org.junit.jupiter.api.Test;

class UniqueKeyTest {

    @Test
    void givenAUniqueKeysRefusalAnywhereInTheChain_itIsARace() {
        var unique = new ConstraintViolationException("insert", new SQLException("dup", "23505"), ConstraintKind.UNIQUE,
                "iteration_project_id_round_key");
        assertTrue(UniqueKey.violatedBy(new PersistenceException("flush failed", unique)));
    }

    @Test
    void givenADialectThatNamesNoKind_theSqlStateTells() {
        var unique = new ConstraintViolationException("insert", new SQLException("dup", "23505"), "some_key");
        assertTrue(UniqueKey.violatedBy(unique));
    }

    @Test
    void givenAnyOtherFailure_itIsNoRace() {
        var notNull = new ConstraintViolationException("insert", new SQLException("null", "23502"),
                ConstraintKind.NOT_NULL, "iteration_dataset_id");
        assertFalse(UniqueKey.violatedBy(new PersistenceException("flush failed", notNull)));
        assertFalse(UniqueKey.violatedBy(new PersistenceException("connection lost")));
        assertFalse(UniqueKey.violatedBy(new IllegalStateException("no transaction")));
    }
}

package com.pharmacyops.platform.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * The one rule for a text that must say something, on create and on update alike: at least one visible
 * character. {@code @NotBlank} and {@code \S} count only ASCII blanks, so an em space (U+2003), a no-break space
 * (U+00A0) or a zero-width space (U+200B) passed as a name. Null is valid (a PATCH leaves the member as it is); a
 * required member adds {@code @NotNull}; {@code @Size(min = 1)} beside it puts {@code minLength} in the OpenAPI
 * document, which cannot read this rule. Control characters are {@link Text}'s, refused as the body is read.
 */
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT,
        ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = NotBlankText.Check.class)
public @interface NotBlankText {

    String message() default "must not be blank";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<NotBlankText, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            // Blank: nothing but white space, space separators and invisible format characters.
            return value == null || !value.codePoints().allMatch(c -> Character.isWhitespace(c)
                    || Character.isSpaceChar(c) || Character.getType(c) == Character.FORMAT);
        }
    }
}

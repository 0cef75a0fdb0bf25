package cn.chengyu.pass.web;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.function.Function;

/** One page of a list answer. */
@Schema(description = "One page of results; pages are numbered from 0")
public record PageResult<T>(
        @Schema(description = "The items on this page") List<T> items,
        @Schema(description = "Page number, from 0", example = "0") int page,
        @Schema(description = "Page size asked for (1–100)", example = "20") int size,
        @Schema(description = "Number of items on all pages", example = "10") long total) {

    /** The same page with each item shown another way. */
    public <R> PageResult<R> map(Function<? super T, ? extends R> shown) {
        return new PageResult<>(items.stream().<R>map(shown).toList(), page, size, total);
    }
}

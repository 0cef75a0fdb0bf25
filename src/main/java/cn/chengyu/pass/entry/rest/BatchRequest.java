package cn.chengyu.pass.entry.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Scans a gate admitted while offline, uploaded afterwards. */
@Schema(name = "EntryBatch", description = "Up to 500 scans the gate admitted offline")
public record BatchRequest(
        @Schema(description = "The scans, 1 to 500", required = true)
        @NotNull @Size(min = 1, max = 500)
        List<@NotNull @Valid Item> entries) {

    /** One offline scan. */
    @Schema(name = "EntryBatchItem", description = "One offline scan: entryId, pass or cardNumber, scannedAt")
    public record Item(
            @Schema(description = "Made by the gate", required = true) @NotNull UUID entryId,
            @Schema(description = "The pass shown") @Size(max = 4096) String pass,
            @Schema(description = "16-digit card number") @Pattern(regexp = "^[0-9]{16}$", message = "must be 16 digits") String cardNumber,
            @Schema(description = "When the gate scanned and admitted the card", required = true) @NotNull Instant scannedAt) {
    }
}

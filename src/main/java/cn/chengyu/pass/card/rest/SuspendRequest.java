package cn.chengyu.pass.card.rest;

import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Why a card is suspended. */
@Schema(name = "SuspendRequest", description = "Why a card is suspended; required from the card authority")
public record SuspendRequest(
        @Schema(description = "The reason, shown to the holder", example = "Reported stolen at the Hongya Cave service counter")
        @Size(max = 500)
        String reason) {
}

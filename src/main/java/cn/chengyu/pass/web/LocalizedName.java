package cn.chengyu.pass.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A name in Chinese and English. */
@Schema(description = "A name in Chinese and English")
public record LocalizedName(
        @Schema(description = "Chinese name", example = "洪崖洞") @NotBlank @Size(max = 100) String zh,
        @Schema(description = "English name", example = "Hongya Cave") @NotBlank @Size(max = 100) String en) {
}

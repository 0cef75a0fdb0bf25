package cn.chengyu.pass.product.rest;

import cn.chengyu.pass.product.Product;
import cn.chengyu.pass.product.SiteLimit;
import cn.chengyu.pass.web.LocalizedName;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A card type as clients see it. */
@Schema(name = "Product", description = "A card type")
public record ProductView(
        @Schema(description = "Product code", example = "ANNUAL") String code,
        @Schema(description = "Name in Chinese and English") LocalizedName name,
        @Schema(description = "Hours of validity from the first admitted entry", example = "8760") int validityHours,
        @Schema(description = "Days after issue within which the card must be activated, else it expires", example = "180")
        int activationWindowDays,
        @Schema(description = "How often one card may enter one site") SiteLimit siteLimit,
        @Schema(description = "Price in fen (1/100 yuan)", example = "29800") int priceFen) {

    public static ProductView of(Product product) {
        return new ProductView(product.code, new LocalizedName(product.nameZh, product.nameEn), product.validityHours,
                product.activationWindowDays, product.siteLimit, product.priceFen);
    }
}

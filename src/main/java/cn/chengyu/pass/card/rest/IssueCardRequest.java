package cn.chengyu.pass.card.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a card is issued for. */
@Schema(name = "IssueCardRequest", description = "A card to issue to a real-name holder")
public record IssueCardRequest(
        @Schema(description = "Product code", example = "ANNUAL", required = true)
        @NotBlank @Size(max = 40)
        String productCode,
        @Schema(description = "The real-name holder. Required from an admin; a holder may leave it out (the person its "
                + "identity provider verified is used) and may only name that person")
        @Valid
        HolderRequest holder,
        @Schema(description = "Admin only: the subject of the app user who will own the card")
        @Size(min = 1, max = 200)
        String ownerSubject) {

    /** The holder's name and resident ID number. */
    @Schema(name = "HolderRequest", description = "The holder's name and 18-character resident ID number")
    public record HolderRequest(
            @Schema(description = "Holder's name as on the ID card", example = "李白", required = true)
            @NotBlank @Size(max = 100)
            String name,
            @Schema(description = "18-character resident ID number (GB 11643); stored only as a keyed hash and a mask",
                    example = "11010519491231002X", required = true)
            @NotBlank @Size(max = 40)
            String idNumber) {

        @Override
        public String toString() {
            return "HolderRequest[name=" + name + ", idNumber=<hidden>]";
        }
    }
}

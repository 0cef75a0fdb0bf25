package cn.chengyu.pass.security.dev;

import cn.chengyu.pass.security.Roles;
import cn.chengyu.pass.security.VerifiedPerson;
import io.quarkus.arc.profile.IfBuildProfile;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** Dev mode only: mints signed tokens so the API can be tried by hand. Absent from test and prod builds. */
@IfBuildProfile("dev")
@Path("/api/v1/dev/tokens")
@Tag(name = "Dev", description = "Dev mode only")
public class DevTokenResource {

    private static final Duration LIFETIME = Duration.ofHours(8);

    private final String issuer;
    private final String audience;
    private final Clock clock;

    public DevTokenResource(@ConfigProperty(name = "mp.jwt.verify.issuer") String issuer,
                            @ConfigProperty(name = "mp.jwt.verify.audiences") Set<String> audiences, Clock clock) {
        this.issuer = issuer;
        this.audience = audiences.iterator().next();
        this.clock = clock;
    }

    /** What token to mint. */
    public record TokenRequest(
            @NotNull @Pattern(regexp = "holder|gate|operator|partner|admin", message = "must be holder, gate, operator, partner or admin") String role,
            @NotBlank @Size(max = 100) String subject,
            @Size(max = 40) String site,
            @Size(max = 100) String verifiedName,
            @Size(max = 40) String verifiedIdNumber) {

        @Override
        public String toString() {
            return "TokenRequest[role=" + role + ", subject=" + subject + ", site=" + site + "]";
        }
    }

    /** A signed token and when it expires. */
    public record TokenResponse(String token, Instant expiresAt) {
    }

    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @ResponseStatus(201)
    @Operation(operationId = "mintDevToken", summary = "Mint a dev token", description = "Dev mode only. A gate token needs the site it stands at; a holder "
            + "token that is to issue a card needs verifiedName and verifiedIdNumber, the person an identity provider verified.")
    public TokenResponse mint(@NotNull @Valid TokenRequest request) {
        Instant expiresAt = clock.instant().plus(LIFETIME);
        JwtClaimsBuilder claims = Jwt.issuer(issuer)
                .audience(audience)
                .subject(request.subject())
                .upn(request.subject())
                .groups(Set.of(request.role()))
                .expiresAt(expiresAt);
        if (request.site() != null) {
            claims.claim(Roles.SITE_CLAIM, request.site());
        }
        if (request.verifiedName() != null && request.verifiedIdNumber() != null) {
            // As an identity provider that checked the ID card would say it (OpenID Connect for Identity Assurance).
            claims.claim(VerifiedPerson.CLAIM, Map.of(
                    "verification", Map.of("trust_framework", "dev"),
                    "claims", Map.of("name", request.verifiedName(), "id_number", request.verifiedIdNumber())));
        }
        return new TokenResponse(claims.sign(), expiresAt);
    }
}

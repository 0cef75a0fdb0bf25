package cn.chengyu.pass.security;

import cn.chengyu.pass.web.ProblemException;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** What the token of a site's gate or staff says of the site it belongs to ({@code site} claim). */
public final class SiteToken {

    private SiteToken() {
    }

    /** The calling gate's id, if it stands at this site; a gate of another site is refused (403). */
    public static String gateAt(JsonWebToken token, String site) {
        if (!site.equals(siteOf(token))) {
            throw new ProblemException(403, "forbidden", "Forbidden", "This gate does not stand at site '" + site + "'.", null);
        }
        return token.getSubject();
    }

    /** A partner may read only its own site's settlement (403 for another site's). */
    public static void partnerOf(JsonWebToken token, String site) {
        if (token.getGroups().contains(Roles.PARTNER) && !token.getGroups().contains(Roles.ADMIN) && !site.equals(siteOf(token))) {
            throw new ProblemException(403, "forbidden", "Forbidden", "This partner belongs to another site than '" + site + "'.",
                    null);
        }
    }

    private static String siteOf(JsonWebToken token) {
        Object claim = token.getClaim(Roles.SITE_CLAIM);
        return claim instanceof JsonString text ? text.getString() : claim == null ? null : claim.toString();
    }
}

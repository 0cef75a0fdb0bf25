package cn.chengyu.pass.security;

import cn.chengyu.pass.web.ProblemException;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** What a gate's token says of where it stands. */
public final class GateToken {

    private GateToken() {
    }

    /** The calling gate's id, if it stands at this site; a gate of another site is refused (403). */
    public static String gateAt(JsonWebToken token, String site) {
        Object claim = token.getClaim(Roles.SITE_CLAIM);
        String gateSite = claim instanceof JsonString text ? text.getString() : claim == null ? null : claim.toString();
        if (!site.equals(gateSite)) {
            throw new ProblemException(403, "forbidden", "Forbidden", "This gate does not stand at site '" + site + "'.", null);
        }
        return token.getSubject();
    }
}

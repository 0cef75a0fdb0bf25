package cn.chengyu.pass.security;

import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Set;

/** Who is calling: the token's subject and roles. */
public record Caller(String subject, Set<String> roles) {

    public static Caller of(JsonWebToken token) {
        return new Caller(token.getSubject(), token.getGroups());
    }

    public boolean isAdmin() {
        return roles.contains(Roles.ADMIN);
    }
}

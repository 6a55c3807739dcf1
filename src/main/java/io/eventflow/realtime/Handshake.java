package io.eventflow.realtime;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;

import io.eventflow.identity.AccessTokens;
import io.eventflow.identity.CurrentUser;

/**
 * Who is connecting: the access token given as {@code ?token=} (browsers cannot set headers on a handshake),
 * or else the signed-in user of the web UI's session cookie. The handshake always succeeds; an endpoint that
 * needs a user says why it does not have one in an error frame and closes with 4401, which a client can
 * read (a refused handshake only shows as an anonymous 1006 in a browser).
 */
@Component
class Handshake implements HandshakeInterceptor {

    static final String USER = "eventflow.user";
    static final String AUTH_ERROR = "eventflow.auth-error";
    static final String EXPIRES = "eventflow.expires";

    private final AccessTokens tokens;

    Handshake(AccessTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Map<String, Object> attributes) {
        String token = UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams().getFirst("token");
        if (token != null) {
            try {
                AccessTokens.Verified verified = tokens.verifyUntil(token);
                attributes.put(USER, verified.user());
                attributes.put(EXPIRES, verified.expiresAt()); // the connection ends with its token
            } catch (AccessTokens.InvalidAccessTokenException e) {
                attributes.put(AUTH_ERROR, e.getMessage());
            }
            return true;
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof CurrentUser user) {
            attributes.put(USER, user);
        }
        return true;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            @Nullable Exception exception) {
    }
}

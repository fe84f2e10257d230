package httpserver

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/coder/websocket"

	"vinhdanh/internal/auth"
	"vinhdanh/internal/requestid"
	"vinhdanh/internal/viewer"
)

// subscriptions is the WebSocket transport (graphql-transport-ws, and the older graphql-ws).
// connection_init must carry {"Authorization": "Bearer <access token>"}: the connection then
// acts as that user until the token expires, when it is closed (4401) and the client
// connects again with a fresh token. Browsers may connect from the origins CORS allows.
func subscriptions(o Options) transport.Websocket {
	if o.SessionRecheck <= 0 {
		o.SessionRecheck = 30 * time.Second
	}
	origins := make([]string, 0, len(o.CORSOrigins))
	for _, origin := range o.CORSOrigins {
		if u, err := url.Parse(origin); err == nil && u.Host != "" {
			origins = append(origins, u.Host)
		}
	}
	return transport.Websocket{
		Implementation: transport.CoderWebsocketImplementation{AcceptOptions: websocket.AcceptOptions{OriginPatterns: origins}},
		InitTimeout:    10 * time.Second,
		// Proxies close connections idle for a minute or so; a message every 25 s keeps them:
		// "ka" for graphql-ws, ping (answered by pong) for graphql-transport-ws. A client that
		// stops answering pings is gone after two intervals.
		KeepAlivePingInterval: 25 * time.Second,
		PingPongInterval:      25 * time.Second,
		InitFunc: func(ctx context.Context, p transport.InitPayload) (context.Context, *transport.InitPayload, error) {
			refuse := func(msg string) (context.Context, *transport.InitPayload, error) {
				ctx = transport.WithWebsocketCloseCode(ctx, 4401)
				return transport.AppendCloseReason(ctx, "unauthorized"), nil, errors.New(msg)
			}
			scheme, raw, _ := strings.Cut(strings.TrimSpace(p.Authorization()), " ")
			if !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(raw) == "" {
				return refuse(`connection_init must carry {"Authorization": "Bearer <access token>"}`)
			}
			v, exp, err := o.Auth.ViewerUntil(ctx, o.Client, strings.TrimSpace(raw))
			switch {
			case errors.Is(err, auth.ErrInvalidToken):
				return refuse("invalid or expired access token")
			case err != nil:
				o.Logger.WarnContext(ctx, "cannot check a subscription's access token", "err", err)
				return transport.AppendCloseReason(ctx, "try again shortly"), nil, errors.New("cannot check the access token right now: try again shortly")
			}
			requestid.SetViewer(ctx, v.UserID)
			ctx, cancel := context.WithDeadline(viewer.NewContext(ctx, v), exp)
			go endWithSession(ctx, cancel, o, strings.TrimSpace(raw))
			return ctx, nil, nil
		},
	}
}

// endWithSession ends a connection's subscriptions when its session ends (a logout, a disabled
// account, a reused refresh token), checked every SessionRecheck, or when its token expires.
func endWithSession(ctx context.Context, cancel context.CancelFunc, o Options, token string) {
	defer cancel()
	tick := time.NewTicker(o.SessionRecheck)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if _, err := o.Auth.Viewer(ctx, o.Client, token); errors.Is(err, auth.ErrInvalidToken) {
				return
			}
		}
	}
}

package httpserver

import (
	"net"
	"net/http"

	"github.com/realclientip/realclientip-go"

	"vinhdanh/internal/auth"
)

// clientAddress puts the client's address in the request's context, where rate limits, login
// limits and logs read it. It is the peer's address, unless the peer is one of the trusted
// reverse proxies: then the rightmost address of X-Forwarded-For that is not a trusted proxy
// (the one the first trusted proxy saw; anything left of it the client may have written).
// Without trusted proxies the header is never read, so nobody chooses their own address.
func clientAddress(trusted []net.IPNet, next http.Handler) http.Handler {
	var forwarded realclientip.Strategy
	if len(trusted) > 0 {
		forwarded = realclientip.Must(realclientip.NewRightmostTrustedRangeStrategy("X-Forwarded-For", trusted))
	}
	peer := realclientip.RemoteAddrStrategy{}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ip := peer.ClientIP(r.Header, r.RemoteAddr)
		if forwarded != nil && inRanges(ip, trusted) {
			if client := forwarded.ClientIP(r.Header, r.RemoteAddr); client != "" {
				ip = client
			}
		}
		if ip == "" {
			ip = r.RemoteAddr
		}
		next.ServeHTTP(w, r.WithContext(auth.ContextWithClientIP(r.Context(), ip)))
	})
}

func inRanges(ip string, ranges []net.IPNet) bool {
	addr := net.ParseIP(ip)
	for _, n := range ranges {
		if addr != nil && n.Contains(addr) {
			return true
		}
	}
	return false
}

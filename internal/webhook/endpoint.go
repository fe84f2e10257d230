package webhook

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"syscall"
	"time"

	"vinhdanh/internal/apperr"
)

// CheckURL accepts an endpoint that is an absolute https URL with a host and nothing a
// signed request should not carry (credentials, a fragment). Where it points is checked when
// it is dialled (NewHTTPClient), since a name may resolve differently later.
func CheckURL(raw string) error {
	u, err := url.Parse(raw)
	switch {
	case err != nil || !u.IsAbs() || u.Host == "" || u.Opaque != "":
		return apperr.Invalid("url", "an endpoint is an absolute https:// URL")
	case u.Scheme != "https":
		return apperr.Invalid("url", "an endpoint must use https")
	case u.User != nil:
		return apperr.Invalid("url", "an endpoint may not carry a user name or password; verify our signature instead")
	case u.Fragment != "":
		return apperr.Invalid("url", "an endpoint may not have a fragment (#…)")
	case len(raw) > 2000:
		return apperr.Invalid("url", "an endpoint is at most 2000 characters")
	}
	return nil
}

// NewSecret makes a signing secret in the Standard Webhooks form: whsec_ and 32 random bytes.
func NewSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand never fails on supported platforms
	return "whsec_" + base64.StdEncoding.EncodeToString(b)
}

// errPrivateAddress refuses a connection to this machine or a private network: an endpoint
// registered by a federation must not reach our database, Redis or metadata services.
var errPrivateAddress = errors.New("the endpoint's address is private or local")

// NewHTTPClient returns the client that sends webhooks: a 10-second deadline, no redirects
// (a 3xx is a failure: the registered URL is the one that is signed for), and, unless
// allowPrivate, no connection to loopback, private, link-local or shared addresses, checked
// on the address actually dialled. tlsConfig may name extra roots (tests); nil: the system's.
func NewHTTPClient(allowPrivate bool, tlsConfig *tls.Config) *http.Client {
	dialer := &net.Dialer{Timeout: 5 * time.Second}
	if !allowPrivate {
		dialer.Control = func(_, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil || !public(ap.Addr()) {
				return errPrivateAddress
			}
			return nil
		}
	}
	transport := &http.Transport{
		Proxy:               nil, // a proxy would be dialled instead of the endpoint, defeating the check
		DialContext:         dialer.DialContext,
		TLSClientConfig:     tlsConfig,
		TLSHandshakeTimeout: 5 * time.Second,
		MaxIdleConnsPerHost: 2,
		IdleConnTimeout:     90 * time.Second,
	}
	return &http.Client{
		Transport:     transport,
		Timeout:       10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

var sharedSpace = netip.MustParsePrefix("100.64.0.0/10")

func public(a netip.Addr) bool {
	a = a.Unmap()
	return a.IsGlobalUnicast() && !a.IsPrivate() && !a.IsLoopback() && !a.IsLinkLocalUnicast() && !sharedSpace.Contains(a)
}

// describe says what went wrong with a request in a line for the delivery log.
func describe(ctx context.Context, err error) string {
	switch {
	case errors.Is(err, errPrivateAddress):
		return errPrivateAddress.Error()
	case errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil:
		return "no answer within the deadline"
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return truncate(fmt.Sprint(err), 500)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 { // not inside a UTF-8 sequence
		n--
	}
	return s[:n]
}

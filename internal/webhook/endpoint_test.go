package webhook

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestCheckURL(t *testing.T) {
	for _, c := range []struct {
		url string
		ok  bool
	}{
		{"https://hooks.lienđoan.vn/vinhdanh", true},
		{"https://203.0.113.7:8443/hook?token=abc", true},
		{"http://hooks.example.vn/a", false},
		{"ftp://hooks.example.vn/a", false},
		{"https://user:pass@hooks.example.vn/a", false},
		{"https://hooks.example.vn/a#frag", false},
		{"hooks.example.vn/a", false},
		{"https:///no-host", false},
		{"", false},
	} {
		t.Run(c.url, func(t *testing.T) {
			if err := CheckURL(c.url); (err == nil) != c.ok {
				t.Errorf("CheckURL(%q) = %v, want ok=%v", c.url, err, c.ok)
			}
		})
	}
}

func TestPublic(t *testing.T) {
	for _, c := range []struct {
		addr string
		ok   bool
	}{
		{"203.0.113.7", true},
		{"2001:db8::1", true},
		{"127.0.0.1", false},
		{"::1", false},
		{"10.1.2.3", false},
		{"172.16.0.1", false},
		{"192.168.1.1", false},
		{"169.254.169.254", false}, // cloud metadata
		{"100.64.0.1", false},      // carrier-grade NAT
		{"0.0.0.0", false},
		{"::ffff:127.0.0.1", false},
		{"fd00::1", false},
		{"224.0.0.1", false},
	} {
		t.Run(c.addr, func(t *testing.T) {
			if got := public(netip.MustParseAddr(c.addr)); got != c.ok {
				t.Errorf("public(%s) = %v, want %v", c.addr, got, c.ok)
			}
		})
	}
}

// TestPrivateAddressesRefused: by default the client does not connect to this machine, even
// when the name resolves to it; allowed, it does.
func TestPrivateAddressesRefused(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) }))
	defer srv.Close()
	for _, allow := range []bool{false, true} {
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, srv.URL, nil)
		resp, err := NewHTTPClient(allow, nil).Do(req)
		if resp != nil {
			resp.Body.Close()
		}
		switch {
		case !allow && !errors.Is(err, errPrivateAddress):
			t.Errorf("refusing private addresses: err = %v", err)
		case !allow && describe(context.Background(), err) != "the endpoint's address is private or local":
			t.Errorf("logged as %q", describe(context.Background(), err))
		case allow && err != nil:
			t.Errorf("allowing private addresses: %v", err)
		}
	}
}

// TestNoRedirects: a redirect is an answer, not a new destination.
func TestNoRedirects(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://169.254.169.254/latest/meta-data", http.StatusFound)
	}))
	defer srv.Close()
	resp, err := NewHTTPClient(true, nil).Post(srv.URL, "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Errorf("status %d, want the 302 itself", resp.StatusCode)
	}
}

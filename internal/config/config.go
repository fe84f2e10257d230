// Package config reads the server's settings from the environment.
package config

import (
	"net"

	"fmt"
	"github.com/realclientip/realclientip-go"

	"strconv"
	"strings"
	"time"
	"vinhdanh/internal/credential"
)

// Config is everything the server is told from outside.
type Config struct {
	Port        int
	DatabaseURL string
	CORSOrigins []string // origins allowed to call the API from a browser
	// TrustedProxies are the reverse proxies (addresses or CIDR ranges) whose X-Forwarded-For
	// names the client; from anyone else the header is ignored.
	TrustedProxies  []net.IPNet
	ShutdownTimeout time.Duration // how long in-flight requests may take to finish
	Playground      bool          // serve the query playground at /
	Introspection   bool
	Production      bool   // APP_ENV=production: no generated secrets, no demo shortcuts
	JWTSecret       []byte // signs access tokens
	// RedisURL, when set, is where replicas share rate limits, login failures and persisted
	// queries (REDIS_URL, redis://host:6379/0).
	RedisURL string
	// Migrate is when start-up applies pending schema migrations (MIGRATE): "auto", or
	// "check", which refuses to start with any pending; auto by default, check in production.
	Migrate string
	// StorageURL is where dossier files are kept (STORAGE_URL: file:///dir or
	// s3://bucket?endpoint=…); empty: a documents directory beside the embedded database, or
	// in the working directory.
	StorageURL string
	// MetricsAddr is where /metrics is served (METRICS_ADDR, e.g. 127.0.0.1:9090); empty: nowhere.
	MetricsAddr string
	// CredentialKey is the Ed25519 seed that signs award credentials (CREDENTIAL_KEY, base64).
	CredentialKey  []byte
	AccessTokenTTL time.Duration // lifetime of access tokens
	DemoPassword   string        // password of the demo accounts of the embedded demo
	PublicURL      string        // base URL of verification links, e.g. https://vinhdanh.example
	AnonRate       float64       // anonymous requests per second per client address
	AnonBurst      int           // how many anonymous requests may come at once
	AnonCostRate   float64       // anonymous query cost units per second per client address (0: default)
	RequestTimeout time.Duration // every request's deadline (0: default)
	// PublicCacheTTL is how long anonymous answers are reused at most (0: not cached);
	// PublicCacheBytes how much memory they may take.
	PublicCacheTTL   time.Duration
	PublicCacheBytes int
	// WebhookAllowPrivate lets webhooks reach loopback and private addresses
	// (WEBHOOK_ALLOW_PRIVATE=true: a developer's receiver); by default they may not.
	WebhookAllowPrivate bool
	// WebhookLease is how long a replica holds a delivery it is sending (WEBHOOK_LEASE; 1m):
	// after a crash, another replica sends it again that long after.
	WebhookLease time.Duration
}

// FromEnv reads PORT, DATABASE_URL, CORS_ALLOWED_ORIGINS, SHUTDOWN_TIMEOUT, PLAYGROUND,
// INTROSPECTION, APP_ENV, JWT_SECRET, ACCESS_TOKEN_TTL, DEMO_PASSWORD, PUBLIC_URL,
// ANON_RATE_LIMIT, ANON_BURST, ANON_COST_RATE, REQUEST_TIMEOUT, PUBLIC_CACHE_TTL,
// PUBLIC_CACHE_MB, WEBHOOK_ALLOW_PRIVATE and WEBHOOK_LEASE (and more below). Unset values take
// defaults that suit a developer's machine. getenv is os.Getenv in the server; tests pass a
// map's lookup, so no test changes the process's environment.
func FromEnv(getenv func(string) string) (Config, error) {
	c := Config{
		Port:            8080,
		DatabaseURL:     getenv("DATABASE_URL"),
		ShutdownTimeout: 20 * time.Second,
		Playground:      true,
		Introspection:   true,
		Production:      getenv("APP_ENV") == "production",
		JWTSecret:       []byte(getenv("JWT_SECRET")),
		AccessTokenTTL:  15 * time.Minute,
		DemoPassword:    getenv("DEMO_PASSWORD"),
	}
	c.PublicURL = getenv("PUBLIC_URL")
	c.MetricsAddr = getenv("METRICS_ADDR")
	c.RedisURL = getenv("REDIS_URL")
	c.StorageURL = getenv("STORAGE_URL")
	switch c.Migrate = getenv("MIGRATE"); c.Migrate {
	case "":
		c.Migrate = "auto"
		if c.Production {
			c.Migrate = "check"
		}
	case "auto", "check":
	default:
		return Config{}, fmt.Errorf("MIGRATE=%q: auto or check", c.Migrate)
	}
	c.AnonRate, c.AnonBurst = 10, 60
	if v := getenv("ANON_RATE_LIMIT"); v != "" {
		r, err := strconv.ParseFloat(v, 64)
		if err != nil || r <= 0 {
			return Config{}, fmt.Errorf("ANON_RATE_LIMIT=%q must be a positive number of requests per second", v)
		}
		c.AnonRate = r
	}
	if v := getenv("ANON_BURST"); v != "" {
		b, err := strconv.Atoi(v)
		if err != nil || b < 1 {
			return Config{}, fmt.Errorf("ANON_BURST=%q must be a positive whole number", v)
		}
		c.AnonBurst = b
	}
	if v := getenv("ANON_COST_RATE"); v != "" {
		r, err := strconv.ParseFloat(v, 64)
		if err != nil || r <= 0 {
			return Config{}, fmt.Errorf("ANON_COST_RATE=%q must be a positive number of cost units per second", v)
		}
		c.AnonCostRate = r
	}
	if v := getenv("REQUEST_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Second || d > 5*time.Minute {
			return Config{}, fmt.Errorf("REQUEST_TIMEOUT=%q must be a duration between 1s and 5m", v)
		}
		c.RequestTimeout = d
	}
	c.PublicCacheTTL, c.PublicCacheBytes = time.Minute, 32<<20
	if v := getenv("PUBLIC_CACHE_TTL"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 || d > time.Hour {
			return Config{}, fmt.Errorf("PUBLIC_CACHE_TTL=%q must be a duration between 0 (off) and 1h", v)
		}
		c.PublicCacheTTL = d
	}
	if v := getenv("PUBLIC_CACHE_MB"); v != "" {
		mb, err := strconv.Atoi(v)
		if err != nil || mb < 1 || mb > 4096 {
			return Config{}, fmt.Errorf("PUBLIC_CACHE_MB=%q must be a whole number of MiB from 1 to 4096", v)
		}
		c.PublicCacheBytes = mb << 20
	}
	if c.DemoPassword == "" {
		c.DemoPassword = "vinhdanh-demo"
	}
	if v := getenv("ACCESS_TOKEN_TTL"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Minute || d > 24*time.Hour {
			return Config{}, fmt.Errorf("ACCESS_TOKEN_TTL=%q must be a duration between 1m and 24h", v)
		}
		c.AccessTokenTTL = d
	}
	if v := getenv("PORT"); v != "" {
		p, err := strconv.Atoi(v)
		if err != nil || p < 1 || p > 65535 {
			return Config{}, fmt.Errorf("PORT=%q is not a TCP port", v)
		}
		c.Port = p
	}
	if v := getenv("TRUSTED_PROXIES"); v != "" {
		nets, err := realclientip.AddressesAndRangesToIPNets(strings.Split(strings.ReplaceAll(v, " ", ""), ",")...)
		if err != nil {
			return Config{}, fmt.Errorf("TRUSTED_PROXIES=%q: give addresses or CIDR ranges, comma-separated: %w", v, err)
		}
		c.TrustedProxies = nets
	}
	for _, o := range strings.Split(getenv("CORS_ALLOWED_ORIGINS"), ",") {
		if o = strings.TrimSpace(o); o != "" {
			c.CORSOrigins = append(c.CORSOrigins, o)
		}
	}
	if v := getenv("SHUTDOWN_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			return Config{}, fmt.Errorf("SHUTDOWN_TIMEOUT=%q is not a duration such as 20s", v)
		}
		c.ShutdownTimeout = d
	}
	if v := getenv("WEBHOOK_LEASE"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Second {
			return Config{}, fmt.Errorf("WEBHOOK_LEASE=%q must be a duration of at least 1s", v)
		}
		c.WebhookLease = d
	}
	if v := getenv("CREDENTIAL_KEY"); v != "" {
		seed, err := credential.ParseSeed(v)
		if err != nil || len(seed) != 32 {
			return Config{}, fmt.Errorf("CREDENTIAL_KEY must be a base64 32-byte Ed25519 seed (openssl rand -base64 32)")
		}
		c.CredentialKey = seed
	}
	if c.Production {
		if len(c.CredentialKey) == 0 {
			return Config{}, fmt.Errorf("CREDENTIAL_KEY is required when APP_ENV=production: credentials signed with a key made at start-up stop verifying after a restart")
		}
		// Safe defaults: the query page and introspection help an attacker more than a
		// federation's users; PLAYGROUND=true or INTROSPECTION=true turn them back on.
		c.Playground, c.Introspection = false, false
		if c.PublicURL == "" {
			return Config{}, fmt.Errorf("PUBLIC_URL is required when APP_ENV=production: verification links and credentials must not take their host from the request")
		}
	}
	var err error
	if c.Playground, err = boolEnv(getenv, "PLAYGROUND", c.Playground); err != nil {
		return Config{}, err
	}
	if c.Introspection, err = boolEnv(getenv, "INTROSPECTION", c.Introspection); err != nil {
		return Config{}, err
	}
	if c.WebhookAllowPrivate, err = boolEnv(getenv, "WEBHOOK_ALLOW_PRIVATE", false); err != nil {
		return Config{}, err
	}
	return c, nil
}

func boolEnv(getenv func(string) string, name string, def bool) (bool, error) {
	v := getenv(name)
	if v == "" {
		return def, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("%s=%q is not true or false", name, v)
	}
	return b, nil
}

package stmtcache

// IsRead is isRead, for the tests.
var IsRead = isRead

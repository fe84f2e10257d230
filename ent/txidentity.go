package ent

// TxIdentity is the same value for every *Tx that one transaction's mutations return, and a
// different one for each transaction: a mutation's Tx method makes a new *Tx on every call,
// so a hook that must act once per transaction (at its commit) cannot compare those. Hand
// written, beside the generated code it reads.
func TxIdentity(tx *Tx) any {
	d, _ := tx.config.driver.(*txDriver)
	return d
}

// InTx reports whether the client is a transaction's: its statements share one connection,
// so a caller must not run two of them at once.
func (c *Client) InTx() bool {
	_, ok := c.driver.(*txDriver)
	return ok
}

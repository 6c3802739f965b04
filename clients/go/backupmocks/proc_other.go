//go:build !unix

package backupmocks

import "os/exec"

// ownProcessGroup: process groups are a Unix notion; elsewhere the command is stopped alone.
func ownProcessGroup(cmd *exec.Cmd) {}

// terminateGroup kills the command and waits for it to be reaped.
func terminateGroup(cmd *exec.Cmd, exited <-chan struct{}) error {
	select {
	case <-exited:
	default:
		_ = cmd.Process.Kill()
		<-exited
	}
	return nil
}

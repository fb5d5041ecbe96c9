package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/icp-dev/icp/profile"
)

// profilePath resolves --profile: a file, or the directory holding icp.yaml.
func profilePath(path string) string {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return filepath.Join(path, "icp.yaml")
	}
	return path
}

// loadProfile reads a profile given as a file or as the directory holding icp.yaml.
func loadProfile(path string) (*profile.Profile, error) {
	path = profilePath(path)
	p, err := profile.Load(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s: no such profile; run `icp derive` first or check --profile", path)
		}
		return nil, err
	}
	return p, nil
}

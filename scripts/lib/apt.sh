# Sourced by the set-up scripts: apt-get that waits for another apt/dpkg (unattended-upgrades, a second set-up)
# instead of failing with "Could not get lock". dpkg's frontend lock is waited for by apt itself
# (DPkg::Lock::Timeout, apt >= 1.9.11); `apt-get update` takes the lists lock, which older apt does not wait for,
# so it is retried while that lock is held.
APT_LOCK_WAIT_SECONDS="${APT_LOCK_WAIT_SECONDS:-900}"

apt_locked() {
  command -v fuser >/dev/null || return 1
  fuser /var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock >/dev/null 2>&1
}

apt_get() {
  local waited=0
  while apt_locked && (( waited < APT_LOCK_WAIT_SECONDS )); do
    (( waited % 30 == 0 )) && echo "[apt] another apt/dpkg holds the lock; waiting (${waited}s of ${APT_LOCK_WAIT_SECONDS}s)" >&2
    sleep 5; waited=$((waited + 5))
  done
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout="$APT_LOCK_WAIT_SECONDS" "$@"
}

# apt_install PKG… — install, refreshing the package lists once if the first attempt cannot find a package.
apt_install() {
  apt_get install -y -qq "$@" >/dev/null 2>&1 || { apt_get update -qq && apt_get install -y -qq "$@" >/dev/null; }
}

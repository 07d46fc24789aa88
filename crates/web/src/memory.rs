//! Giving memory back to the system after bursts. A large import holds a parsed file of up to
//! two million cells, and a flood of sign-ins holds one 19 MB Argon2 block per hash at once; with
//! glibc's defaults that memory stays in the process once freed (a heap per thread, and a mmap
//! threshold that grows past the Argon2 block after the first one is freed), so the server's
//! resident size only climbs. Measured by `bench/attacks`: 891 MB at the end of the attacks
//! with the defaults.

/// Sets the allocator for a long-running server: at most two heaps, and large blocks always
/// mapped on their own (returned to the system as soon as they are freed). Call once at start.
pub fn tune_for_server() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes glibc's allocation parameters; it is safe to call at any time.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1024 * 1024);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 8 * 1024 * 1024);
    }
}

/// Returns the free memory of the heaps to the system, after work that allocated much (an
/// import job).
pub fn give_back() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free pages of glibc's heaps.
    unsafe {
        libc::malloc_trim(0);
    }
}

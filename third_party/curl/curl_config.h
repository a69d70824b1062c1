/* The configuration curl's ./configure would write for libcurl 7.88.1 on Linux x86-64 with glibc
 * (Debian 12), as this project needs it: HTTP and HTTPS only, TLS by BoringSSL through the OpenSSL
 * backend (vtls/openssl.c), c-ares as the resolver. Bazel runs no configure script. Left out: the
 * macros lib/ never tests, and those that would pull glibc's NSS-based functions (getpwuid_r,
 * gethostbyname_r) into the static binary. */
#ifndef COCO_KEYPROVIDER_CURL_CONFIG_H_
#define COCO_KEYPROVIDER_CURL_CONFIG_H_

/* ---- Features ---- */
#define CURL_DISABLE_DICT 1
#define CURL_DISABLE_FILE 1
#define CURL_DISABLE_FTP 1
#define CURL_DISABLE_GOPHER 1
#define CURL_DISABLE_IMAP 1
#define CURL_DISABLE_LDAP 1
#define CURL_DISABLE_LDAPS 1
#define CURL_DISABLE_MQTT 1
#define CURL_DISABLE_POP3 1
#define CURL_DISABLE_RTSP 1
#define CURL_DISABLE_SMB 1
#define CURL_DISABLE_SMTP 1
#define CURL_DISABLE_TELNET 1
#define CURL_DISABLE_TFTP 1
#define CURL_DISABLE_ALTSVC 1
#define CURL_DISABLE_NETRC 1
#define CURL_DISABLE_NTLM 1
/* A KBS is spoken to directly: no proxy (nor the *_proxy variables), DNS over HTTPS, HSTS cache,
 * MIME or form posts. */
#define CURL_DISABLE_PROXY 1
#define CURL_DISABLE_DOH 1
#define CURL_DISABLE_HSTS 1
#define CURL_DISABLE_MIME 1
#define CURL_DISABLE_FORM_API 1
/* Nor cookies from files: the cookie engine runs in memory only (CURLOPT_COOKIEFILE ""). */
/* WebSockets are off unless USE_WEBSOCKETS is defined (experimental in 7.88). */

#define USE_OPENSSL 1          /* vtls/openssl.c; BoringSSL is detected by OPENSSL_IS_BORINGSSL */
#define HAVE_SSL_SET0_WBIO 1   /* BoringSSL has SSL_set0_wbio */
#define USE_ARES 1             /* c-ares resolver (CURLRES_ASYNCH + CURLRES_ARES) */
#define ENABLE_IPV6 1

/* Default CA bundle, used when CURLOPT_CAINFO/CAINFO_BLOB/CAPATH are not set.
 * Leave undefined to force the application to set one. */
#define CURL_CA_BUNDLE "/etc/ssl/certs/ca-certificates.crt"

#define OS "x86_64-pc-linux-gnu"
#define RANDOM_FILE "/dev/urandom"

/* ---- Sizes (LP64) ---- */
#define SIZEOF_CURL_OFF_T 8
#define SIZEOF_INT 4
#define SIZEOF_LONG 8
#define SIZEOF_OFF_T 8
#define SIZEOF_SIZE_T 8
#define SIZEOF_TIME_T 8
#define CURL_SA_FAMILY_T sa_family_t

/* ---- Headers ---- */
#define HAVE_ARPA_INET_H 1
#define HAVE_FCNTL_H 1
#define HAVE_IFADDRS_H 1
#define HAVE_LIBGEN_H 1
#define HAVE_LINUX_TCP_H 1
#define HAVE_NETDB_H 1
#define HAVE_NETINET_IN_H 1
#define HAVE_NETINET_TCP_H 1
#define HAVE_NETINET_UDP_H 1
#define HAVE_NET_IF_H 1
#define HAVE_POLL_H 1
#define HAVE_PWD_H 1
#define HAVE_SETJMP_H 1
#define HAVE_SIGNAL_H 1
#define HAVE_STDATOMIC_H 1
#define HAVE_STDBOOL_H 1
#define HAVE_STRINGS_H 1
#define HAVE_STRING_H 1
#define HAVE_SYS_IOCTL_H 1
#define HAVE_SYS_PARAM_H 1
#define HAVE_SYS_POLL_H 1
#define HAVE_SYS_SELECT_H 1
#define HAVE_SYS_SOCKET_H 1
#define HAVE_SYS_STAT_H 1
#define HAVE_SYS_TIME_H 1
#define HAVE_SYS_TYPES_H 1
#define HAVE_SYS_UN_H 1
#define HAVE_SYS_WAIT_H 1
#define HAVE_UNISTD_H 1

/* ---- Types and language ---- */
#define HAVE_ATOMIC 1
#define HAVE_BOOL_T 1
#define HAVE_LONGLONG 1
#define HAVE_STRUCT_SOCKADDR_STORAGE 1
#define HAVE_STRUCT_TIMEVAL 1
#define HAVE_SUSECONDS_T 1
#define HAVE_SOCKADDR_IN6_SIN6_SCOPE_ID 1
#define HAVE_VARIADIC_MACROS_C99 1
#define HAVE_VARIADIC_MACROS_GCC 1

/* ---- Functions ---- */
#define HAVE_ALARM 1
#define HAVE_BASENAME 1
#define HAVE_CLOCK_GETTIME_MONOTONIC 1
#define HAVE_FCHMOD 1
#define HAVE_FCNTL 1
#define HAVE_FCNTL_O_NONBLOCK 1
#define HAVE_FNMATCH 1
#define HAVE_GETEUID 1
#define HAVE_GETHOSTNAME 1
#define GETHOSTNAME_TYPE_ARG2 size_t
#define HAVE_GETIFADDRS 1
#define HAVE_GETPEERNAME 1
#define HAVE_GETSOCKNAME 1
#define HAVE_GETTIMEOFDAY 1
#define HAVE_GMTIME_R 1
#define HAVE_IF_NAMETOINDEX 1
#define HAVE_INET_NTOP 1
#define HAVE_INET_PTON 1
#define HAVE_MSG_NOSIGNAL 1
#define HAVE_POLL_FINE 1
#define HAVE_POSIX_STRERROR_R 1
#define HAVE_STRERROR_R 1
#define HAVE_RECV 1
#define HAVE_SEND 1
#define HAVE_SENDMSG 1
#define HAVE_SCHED_YIELD 1
#define HAVE_SELECT 1
#define HAVE_SIGACTION 1
#define HAVE_SIGNAL 1
#define HAVE_SIGSETJMP 1
#define HAVE_SNPRINTF 1
#define HAVE_SOCKET 1
#define HAVE_SOCKETPAIR 1
#define HAVE_STRCASECMP 1
#define HAVE_STRDUP 1
#define HAVE_STRTOK_R 1
#define HAVE_STRTOLL 1
/* Required although c-ares resolves: curl_setup.h picks CURLRES_IPV6 (AAAA lookups,
 * PF_UNSPEC in asyn-ares.c) only if ENABLE_IPV6 && HAVE_GETADDRINFO, and then, under
 * USE_ARES, #undefs HAVE_GETADDRINFO/HAVE_FREEADDRINFO so libc's getaddrinfo is never used. */
#define HAVE_GETADDRINFO 1
#define HAVE_GETADDRINFO_THREADSAFE 1
#define HAVE_FREEADDRINFO 1
/* Deliberately not defined (configure would): HAVE_GETHOSTBYNAME, HAVE_GETHOSTBYNAME_R,
 * HAVE_GETHOSTBYNAME_R_6 (only hostip4.c's synchronous resolver uses them), HAVE_GETPWUID,
 * HAVE_GETPWUID_R, HAVE_DECL_GETPWUID_R (netrc.c and curl_ntlm_wb.c, both disabled here):
 * they are NSS-backed glibc calls. */

#endif  /* COCO_KEYPROVIDER_CURL_CONFIG_H_ */

/*
 * plot_run.c - running gnuplot: a child process (no shell) in the chart's
 * folder with the script's name as its only argument; a program that
 * cannot be started, or a script that fails, is an LK_EIO error quoting
 * gnuplot's last message.  Started and waited for apart, so a report can
 * have two charts drawn at once.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "report/plot_int.h"

static void last_line(char *buf, size_t len)
{
    while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r' || buf[len - 1] == ' '))
        buf[--len] = '\0';
    char *nl = strrchr(buf, '\n');
    if (nl)
        memmove(buf, nl + 1, strlen(nl + 1) + 1);
}

static void child_exec(const char *dir, const char *prog, const char *script, int errfd,
                       int statfd)
{
    int devnull = open("/dev/null", O_RDWR);
    if (devnull >= 0) {
        dup2(devnull, STDIN_FILENO);
        dup2(devnull, STDOUT_FILENO);
    }
    dup2(errfd, STDERR_FILENO);
    int e = 0;
    if (chdir(dir) != 0)
        e = errno;
    else {
        char *const args[] = {(char *)prog, (char *)script, NULL};
        execvp(prog, args);
        e = errno;
    }
    ssize_t w = write(statfd, &e, sizeof(e));
    (void)w;
    _exit(127);
}

int plot_gnuplot_start(plot_gnuplot *g, const char *dir, const char *prog,
                       const char *script, lk_error *err)
{
    int errp[2], statp[2];
    memset(g, 0, sizeof(*g));
    g->pid = -1;
    if (pipe2(errp, O_CLOEXEC) != 0)
        return lk_error_set(err, LK_EIO, NULL, 0, 0, "cannot create pipe: %s", strerror(errno));
    if (pipe2(statp, O_CLOEXEC) != 0) {
        close(errp[0]);
        close(errp[1]);
        return lk_error_set(err, LK_EIO, NULL, 0, 0, "cannot create pipe: %s", strerror(errno));
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0)
        child_exec(dir, prog, script, errp[1], statp[1]);
    close(errp[1]);
    close(statp[1]);
    if (pid < 0) {
        close(errp[0]);
        close(statp[0]);
        return lk_error_set(err, LK_EIO, NULL, 0, 0, "cannot start gnuplot: %s", strerror(errno));
    }
    g->pid = pid;
    g->errfd = errp[0];
    g->statfd = statp[0];
    snprintf(g->dir, sizeof(g->dir), "%s", dir);
    snprintf(g->prog, sizeof(g->prog), "%s", prog);
    snprintf(g->script, sizeof(g->script), "%s", script);
    return LK_OK;
}

int plot_gnuplot_finish(plot_gnuplot *g, lk_error *err)
{
    if (g->pid < 0)
        return LK_OK;
    int child_errno = 0;
    ssize_t got = read(g->statfd, &child_errno, sizeof(child_errno));
    close(g->statfd);
    char msg[4096];
    size_t len = 0;
    ssize_t k;
    while ((k = read(g->errfd, msg + len, sizeof(msg) - 1 - len)) > 0 || (k < 0 && errno == EINTR))
        if (k > 0 && (len += (size_t)k) == sizeof(msg) - 1)
            len = 0; /* keep reading; only the end matters */
    msg[len] = '\0';
    close(g->errfd);
    int status;
    while (waitpid(g->pid, &status, 0) < 0 && errno == EINTR)
        ;
    g->pid = -1;
    if (got == (ssize_t)sizeof(child_errno)) {
        if (child_errno == ENOENT)
            return lk_error_set(err, LK_EIO, NULL, 0, 0,
                                "cannot run '%s': not found; install gnuplot (Debian package "
                                "gnuplot-nox) or put it on PATH",
                                g->prog);
        return lk_error_set(err, LK_EIO, g->dir, 0, 0, "cannot run '%s': %s", g->prog,
                            strerror(child_errno));
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        last_line(msg, strlen(msg));
        return lk_error_set(err, LK_EIO, NULL, 0, 0, "gnuplot failed on '%s/%s'%s%.300s",
                            g->dir, g->script, *msg ? ": " : "", msg);
    }
    return LK_OK;
}

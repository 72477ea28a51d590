;;; e2e.el --- eglot + glossary-ls, headless -*- lexical-binding: t -*-
;;
;;   GLOSSARY_LS_BIN=target/debug/glossary-ls emacs --batch -l editors/emacs/test/e2e.el
;;
;; Loads editors/emacs/glossary-ls.el, opens a Markdown document it writes itself, and checks through
;; eglot and flymake: the server attaches, the diagnostics have the right codes and positions, hover
;; (eglot's eldoc function) shows the expansion, and the quick fix rewrites the first use. Exits 1 on
;; failure.

(require 'package)
(package-initialize)
(require 'cl-lib)
(require 'markdown-mode nil t)
(load (expand-file-name "../glossary-ls.el" (file-name-directory load-file-name)))

(let ((bin (getenv "GLOSSARY_LS_BIN")))
  (when bin
    (setq eglot-server-programs
          (cons `((markdown-mode gfm-mode text-mode) . (,(expand-file-name bin) "serve"))
                eglot-server-programs))))

(defvar e2e-failures 0)
(defun e2e-check (name ok &optional detail)
  (princ (format "%s %s%s\n" (if ok "ok  " "FAIL") name (if (and detail (not ok)) (format "\n     %S" detail) "")))
  (unless ok (setq e2e-failures (1+ e2e-failures))))

(defun e2e-wait (pred &optional seconds)
  "Wait up to SECONDS (10) for PRED, running the event loop."
  (let ((deadline (+ (float-time) (or seconds 10))))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (funcall pred)))

(let* ((dir (make-temp-file "glossary-ls-emacs" t))
       (file (expand-file-name "notes.md" dir)))
  (with-temp-file (expand-file-name ".glossary-ls.toml" dir) (insert "ignore = []\n"))
  (with-temp-file file
    (insert "# Notes on GRPO\n\nGroup Relative Policy Optimization (GRPO) drops the critic that PPO keeps.\n"
            "Our ZQXV pipeline is internal; ZQXV runs nightly.\n"))
  (find-file file)
  (e2e-check "markdown-mode for .md" (derived-mode-p 'markdown-mode) major-mode)
  ;; markdown-mode-hook ran eglot-ensure, which connects from post-command-hook: there are no commands in
  ;; batch mode, so run the hook once by hand.
  (run-hooks 'post-command-hook)
  (e2e-check "eglot connects to glossary-ls"
             (e2e-wait (lambda () (eglot-current-server)))
             (with-current-buffer "*Messages*" (buffer-string)))
  (let ((diags nil))
    (e2e-check "flymake has the diagnostics"
               (e2e-wait (lambda ()
                           (setq diags (flymake-diagnostics))
                           (= (length diags) 2))))
    (let ((got (sort (mapcar (lambda (d)
                               (list (flymake-diagnostic-type d)
                                     (count-lines 1 (flymake-diagnostic-beg d))
                                     (save-excursion (goto-char (flymake-diagnostic-beg d)) (current-column))
                                     (buffer-substring-no-properties (flymake-diagnostic-beg d) (flymake-diagnostic-end d))
                                     (and (string-match "^\\[\\?\\([a-z-]+\\)\\]\\?\\|(\\([a-z-]+\\))" (flymake-diagnostic-text d)) t)))
                             diags)
                     (lambda (a b) (< (nth 1 a) (nth 1 b))))))
      (e2e-check "diagnostics: PPO warning at line 3 col 64, ZQXV note at line 4 col 4"
                 (equal (mapcar (lambda (g) (list (nth 1 g) (nth 2 g) (nth 3 g))) got)
                        '((3 64 "PPO") (4 4 "ZQXV")))
                 (list got (mapcar #'flymake-diagnostic-text diags)))
      (e2e-check "severities map to flymake types"
                 (equal (mapcar #'car got) '(eglot-warning eglot-note))
                 (mapcar #'car got))))
  ;; Hover: eglot's hover request on PPO.
  (goto-char (point-min))
  (search-forward "that PPO")
  (backward-char 2)
  (let* ((server (eglot-current-server))
         (hover (jsonrpc-request server :textDocument/hover (eglot--TextDocumentPositionParams)))
         (contents (plist-get hover :contents))
         (text (format "%S" contents)))
    (e2e-check "hover shows the expansion" (string-match-p "Proximal Policy Optimization" text) text))
  ;; Quick fix: the code actions at PPO, the preferred one applied with eglot.
  (let* ((server (eglot-current-server))
         (beg (- (point) 1)) (end (+ beg 3))
         (actions (jsonrpc-request server :textDocument/codeAction
                                   (list :textDocument (eglot--TextDocumentIdentifier)
                                         :range (list :start (eglot--pos-to-lsp-position beg)
                                                      :end (eglot--pos-to-lsp-position end))
                                         :context (list :diagnostics [] :only ["quickfix"]))))
         (fix (cl-find-if (lambda (a) (string-prefix-p "Spell out" (plist-get a :title))) actions)))
    (e2e-check "a Spell out quick fix is offered" fix (mapcar (lambda (a) (plist-get a :title)) actions))
    (when fix
      (eglot--apply-workspace-edit (plist-get fix :edit))
      (e2e-check "the quick fix rewrote the first use"
                 (equal (buffer-substring-no-properties (point-min) (point-max))
                        "# Notes on GRPO\n\nGroup Relative Policy Optimization (GRPO) drops the critic that Proximal Policy Optimization (PPO) keeps.\nOur ZQXV pipeline is internal; ZQXV runs nightly.\n")
                 (buffer-string))
      ;; eglot sends changes and flymake re-checks from idle timers, which batch mode never runs.
      (eglot--signal-textDocument/didChange)
      (flymake-start)
      (e2e-check "the diagnostic went with it"
                 (e2e-wait (lambda () (= (length (flymake-diagnostics)) 1)))
                 (mapcar #'flymake-diagnostic-text (flymake-diagnostics)))))
  (let ((server (eglot-current-server)))
    (when server (ignore-errors (eglot-shutdown server))))
  (set-buffer-modified-p nil)
  (delete-directory dir t))

(princ (if (zerop e2e-failures) "all checks passed\n" (format "%d check(s) failed\n" e2e-failures)))
(kill-emacs (if (zerop e2e-failures) 0 1))

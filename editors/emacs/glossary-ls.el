;;; glossary-ls.el --- glossary-ls with eglot -*- lexical-binding: t -*-

;; Add to your init file (or load this file). Needs eglot: built into Emacs 29+; on Emacs 28 install it
;; from GNU ELPA or Debian's elpa-eglot. The server must be on `exec-path' (cargo install puts it in
;; ~/.cargo/bin), or replace "glossary-ls" below with its full path.

(require 'eglot)

;; rst-mode and latex-mode derive from text-mode; AUCTeX's LaTeX-mode, mdx-mode and quarto-mode (poly-quarto)
;; are named for when they do not. The server reads each file by its extension.
(add-to-list 'eglot-server-programs
             '((markdown-mode gfm-mode text-mode rst-mode latex-mode LaTeX-mode mdx-mode quarto-mode)
               . ("glossary-ls" "serve")))

;; Settings: the keys of .glossary-ls.toml (README, "Configuration"); the project's file wins over them.
;; eglot sends them as workspace/didChangeConfiguration and answers workspace/configuration with them.
;; Put them in .dir-locals.el to vary them per project, e.g.
;;   ((nil . ((eglot-workspace-configuration
;;             . (:glossary-ls (:inlay-hints "undefined" :ignore ["ACME"]))))))
(setq-default eglot-workspace-configuration
              '(:glossary-ls (:inlay-hints "all")))

;; Start it in Markdown and text buffers (reStructuredText and LaTeX buffers are text buffers too).
(add-hook 'markdown-mode-hook #'eglot-ensure)
(add-hook 'text-mode-hook #'eglot-ensure)
(add-hook 'LaTeX-mode-hook #'eglot-ensure)

(provide 'glossary-ls)
;;; glossary-ls.el ends here

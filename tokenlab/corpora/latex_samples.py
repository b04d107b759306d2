"""Mathematics in LaTeX, written for tokenlab: textbook formulas with the macros, sub- and
superscripts and environments that make maths expensive to tokenize (group = topic)."""

LATEX_SAMPLES: dict[str, str] = {
    "analysis": r"""
The Taylor expansion of a smooth function $f$ around $a$ is
\[ f(x) = \sum_{n=0}^{\infty} \frac{f^{(n)}(a)}{n!} (x - a)^n , \]
and the remainder satisfies $|R_N(x)| \le \frac{M}{(N+1)!} |x - a|^{N+1}$ whenever $|f^{(N+1)}| \le M$.
For $\varepsilon > 0$ there exists $\delta > 0$ such that $|x - y| < \delta \implies |f(x) - f(y)| < \varepsilon$.
\begin{equation}
  \int_{-\infty}^{\infty} e^{-x^2} \, \mathrm{d}x = \sqrt{\pi}, \qquad
  \lim_{n \to \infty} \left(1 + \frac{1}{n}\right)^{n} = e .
\end{equation}
""",
    "linear-algebra": r"""
Let $A \in \mathbb{R}^{m \times n}$. Its singular value decomposition is $A = U \Sigma V^{\top}$ with
$U^{\top} U = I_m$, $V^{\top} V = I_n$ and $\Sigma = \operatorname{diag}(\sigma_1, \dots, \sigma_r)$.
\begin{align}
  \det \begin{pmatrix} a & b \\ c & d \end{pmatrix} &= ad - bc, \\
  \lVert A \rVert_F^2 &= \sum_{i=1}^{m} \sum_{j=1}^{n} |a_{ij}|^2 = \operatorname{tr}(A^{\top} A)
  = \sum_{k=1}^{r} \sigma_k^2 .
\end{align}
The least-squares solution of $Ax = b$ is $\hat{x} = (A^{\top}A)^{-1} A^{\top} b$ when $A$ has full column rank.
""",
    "probability": r"""
For a random variable $X$ with density $p$, $\mathbb{E}[X] = \int x \, p(x) \, \mathrm{d}x$ and
$\operatorname{Var}(X) = \mathbb{E}[X^2] - \mathbb{E}[X]^2$. Bayes' rule reads
\[ P(\theta \mid \mathcal{D}) = \frac{P(\mathcal{D} \mid \theta) \, P(\theta)}{\int P(\mathcal{D} \mid \theta') \, P(\theta') \, \mathrm{d}\theta'} . \]
The Shannon entropy of a distribution over $\mathcal{V}$ is $H(p) = -\sum_{v \in \mathcal{V}} p(v) \log p(v)$,
and its R\'enyi entropy of order $\alpha \neq 1$ is
$H_\alpha(p) = \frac{1}{1 - \alpha} \log \sum_{v \in \mathcal{V}} p(v)^{\alpha}$.
By the central limit theorem,
$\sqrt{n}\,(\bar{X}_n - \mu) \xrightarrow{d} \mathcal{N}(0, \sigma^2)$.
""",
    "number-theory": r"""
\begin{theorem}[Fermat's little theorem]
If $p$ is prime and $p \nmid a$, then $a^{p-1} \equiv 1 \pmod{p}$.
\end{theorem}
\begin{proof}
The map $x \mapsto a x$ permutes $(\mathbb{Z}/p\mathbb{Z})^{\times}$, hence
$\prod_{x=1}^{p-1} a x \equiv \prod_{x=1}^{p-1} x \pmod{p}$, and $(p-1)!$ is invertible modulo $p$.
\end{proof}
Euler's product: $\zeta(s) = \sum_{n \ge 1} n^{-s} = \prod_{p \text{ prime}} \left(1 - p^{-s}\right)^{-1}$ for $\Re(s) > 1$;
the prime number theorem states $\pi(x) \sim \frac{x}{\ln x}$.
""",
    "machine-learning": r"""
A transformer layer computes
\[ \operatorname{Attention}(Q, K, V) = \operatorname{softmax}\!\left(\frac{Q K^{\top}}{\sqrt{d_k}}\right) V , \]
with $Q = X W_Q$, $K = X W_K$ and $V = X W_V$. The cross-entropy loss over a vocabulary of size $|V|$ is
\begin{equation}
  \mathcal{L}(\theta) = -\frac{1}{T} \sum_{t=1}^{T} \log p_\theta(x_t \mid x_{<t}),
  \qquad p_\theta(v \mid h) = \frac{\exp(h^{\top} e_v)}{\sum_{u=1}^{|V|} \exp(h^{\top} e_u)} .
\end{equation}
Gradient descent updates $\theta_{k+1} = \theta_k - \eta \nabla_\theta \mathcal{L}(\theta_k)$;
Adam keeps $m_k = \beta_1 m_{k-1} + (1 - \beta_1) g_k$ and $v_k = \beta_2 v_{k-1} + (1 - \beta_2) g_k^2$.
""",
    "physics": r"""
Maxwell's equations in vacuum:
\begin{align*}
  \nabla \cdot \mathbf{E} &= \frac{\rho}{\varepsilon_0}, & \nabla \cdot \mathbf{B} &= 0, \\
  \nabla \times \mathbf{E} &= -\frac{\partial \mathbf{B}}{\partial t}, &
  \nabla \times \mathbf{B} &= \mu_0 \mathbf{J} + \mu_0 \varepsilon_0 \frac{\partial \mathbf{E}}{\partial t}.
\end{align*}
The time-dependent Schr\"odinger equation is
$i \hbar \frac{\partial}{\partial t} \Psi(\mathbf{r}, t) = \left[-\frac{\hbar^2}{2m} \nabla^2 + V(\mathbf{r}, t)\right] \Psi(\mathbf{r}, t)$,
and mass-energy equivalence gives $E^2 = (p c)^2 + (m c^2)^2$.
""",
}

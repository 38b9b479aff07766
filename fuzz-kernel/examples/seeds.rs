//! Writes the seed inputs into a corpus directory:
//! `cargo run --release --example seeds -- corpus/diff_chain_core`.

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or("corpus/diff_chain_core".into());
    std::fs::create_dir_all(&dir).expect("corpus directory");
    let seeds = canon_fuzz_kernel::seeds();
    for (i, seed) in seeds.iter().enumerate() {
        std::fs::write(format!("{dir}/seed-{i:03}"), seed).expect("seed written");
    }
    println!("{} seeds in {dir}", seeds.len());
}
